namespace K8sAiops.Activities.Approve;

/// <summary>
/// Approval links under the public base URL: <c>{base}/approvals/{instance}/{token}</c>, one token per channel.
/// The Approve and Reject links open the same page with that choice preselected: opening a link never decides.
/// </summary>
public sealed class ApprovalLinkFactory(ApprovalTokens tokens, Func<Uri> baseUrl) : IApprovalLinks
{
    /// <summary>The path approval pages are served under.</summary>
    public const string PathPrefix = "/approvals";

    public ApprovalLinks For(ApprovalRequest request, string channel)
    {
        var token = tokens.Create(new ApprovalClaims(request.InstanceId, request.ExecutionId, request.ApprovalId,
            request.ActionDigest, request.ExpiresAt.ToUnixTimeSeconds(), channel));
        var root = baseUrl().GetLeftPart(UriPartial.Path).TrimEnd('/');
        var page = new Uri($"{root}{PathPrefix}/{Uri.EscapeDataString(request.InstanceId)}/{token}");
        return new ApprovalLinks(page, new Uri(page + "?decision=approve"), new Uri(page + "?decision=reject"));
    }
}
