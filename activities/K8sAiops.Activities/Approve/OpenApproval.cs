using K8sAiops.Activities.Audit;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Approve;

/// <summary>The approval that was opened, and its page's link for the orchestration's status (channel <see cref="StatusChannel"/>).</summary>
public sealed record ApprovalOpened(ApprovalRequest Request, string PageUrl)
{
    /// <summary>The channel name of the link shown in the orchestration's custom status and printed by the CLI.</summary>
    public const string StatusChannel = "status";
}

/// <summary>Activity: stores a pending approval and audits the proposal (both once, however often it is delivered).</summary>
public sealed class OpenApproval(ApprovalStore store, AuditLog audit, IApprovalLinks links) : TaskActivity<OpenApprovalRequest, ApprovalOpened>
{
    public override async Task<ApprovalOpened> RunAsync(TaskActivityContext context, OpenApprovalRequest input)
    {
        await store.OpenAsync(input, ShutdownToken);
        var action = input.Subject.Action;
        await audit.AppendAsync(new AuditEntry
        {
            InstanceId = input.InstanceId,
            Step = AuditSteps.Proposal,
            Outcome = "awaiting-approval",
            Actor = "system",
            Action = $"{action.Kind} {action.Target}",
            Detail = $"Proposed: {input.Subject.Summary} (risk {input.Subject.Risk}); approval {input.ApprovalId} open until {input.ExpiresAt:u}.",
        }, context.IdempotencyKey, ShutdownToken);
        var request = new ApprovalRequest(input.InstanceId, input.ExecutionId, input.ApprovalId, input.Subject.Digest, input.ExpiresAt);
        return new ApprovalOpened(request, links.For(request, ApprovalOpened.StatusChannel).Page.ToString());
    }
}
