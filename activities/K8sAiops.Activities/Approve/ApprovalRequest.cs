namespace K8sAiops.Activities.Approve;

/// <summary>
/// A person's yes or no is wanted: for which orchestration execution, which approval (one per proposed action),
/// which exact change (<see cref="ActionDigest"/>, the digest of the dry-run plan) and until when. Every link made
/// for it is signed over all of these.
/// </summary>
public sealed record ApprovalRequest(string InstanceId, string ExecutionId, string ApprovalId, string ActionDigest, DateTimeOffset ExpiresAt);

/// <summary>The links of one approval for one chat channel: the page, and the page with Approve or Reject preselected.</summary>
public sealed record ApprovalLinks(Uri Page, Uri Approve, Uri Reject);

/// <summary>Makes the signed approval links; each channel gets its own, so the audit knows which chat a click came from.</summary>
public interface IApprovalLinks
{
    ApprovalLinks For(ApprovalRequest request, string channel);
}
