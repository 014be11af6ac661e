using K8sAiops.Durable;

namespace K8sAiops.Activities.Remediate;

/// <summary>Activity: the instance gives up its lock on the target; false when it held none (already released, expired and taken, or never taken).</summary>
public sealed class ReleaseRemediation(RemediationLocks locks) : TaskActivity<ReleaseRemediationRequest, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, ReleaseRemediationRequest input) =>
        locks.ReleaseAsync(input.Target, input.InstanceId, ShutdownToken);
}
