using K8sAiops.Durable;

namespace K8sAiops.Activities.Approve;

/// <summary>Which approval of an instance a decision event claims to decide.</summary>
public sealed record ConfirmDecisionRequest(string InstanceId, string ApprovalId);

/// <summary>
/// Activity: the decision recorded on an approval, or null while it has none. The orchestration acts only on a
/// decision the approval page recorded (and audited) first: a decision event raised any other way, e.g. through the
/// management API's raiseEvent, decides nothing.
/// </summary>
public sealed class ConfirmDecision(ApprovalStore store) : TaskActivity<ConfirmDecisionRequest, ApprovalDecision?>
{
    public override async Task<ApprovalDecision?> RunAsync(TaskActivityContext context, ConfirmDecisionRequest input)
    {
        return (await store.GetAsync(input.InstanceId, input.ApprovalId, ShutdownToken))?.PersonsDecision;
    }
}
