using K8sAiops.Activities.Audit;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Approve;

/// <summary>
/// Activity: ends a pending approval the orchestration stopped waiting for (timed out, escalated). When a person
/// decided in the meantime, that decision stands and is returned: the first decision wins, even over the timer.
/// </summary>
public sealed class CloseApproval(ApprovalStore store, AuditLog audit, TimeProvider time) : TaskActivity<CloseApprovalRequest, ApprovalDecision?>
{
    public override async Task<ApprovalDecision?> RunAsync(TaskActivityContext context, CloseApprovalRequest input)
    {
        var current = await store.GetAsync(input.InstanceId, input.ApprovalId, ShutdownToken)
            ?? throw new InvalidOperationException($"Approval {input.ApprovalId} of {input.InstanceId} does not exist.");
        var closing = new ApprovalDecision(input.ApprovalId, input.Outcome, "system", input.Detail, time.GetUtcNow(), null);
        var (stored, decided) = await store.TryDecideAsync(current, closing, ShutdownToken);
        if (decided)
        {
            await audit.AppendAsync(new AuditEntry
            {
                InstanceId = input.InstanceId,
                Step = AuditSteps.Timeout,
                Outcome = input.Outcome,
                Actor = "system",
                Detail = input.Detail,
            }, context.IdempotencyKey, ShutdownToken);
        }
        return stored.PersonsDecision;
    }
}
