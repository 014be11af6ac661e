using K8sAiops.Durable;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// Activity: counts the verification's verdict on the target's breaker (a failure towards opening it, a pass closing
/// it) and audits verdict and breaker change; redelivery is not counted twice (the idempotency key is remembered).
/// </summary>
public sealed class RecordVerification(RemediationBreaker breaker) : TaskActivity<RecordVerificationRequest, BreakerState>
{
    public override Task<BreakerState> RunAsync(TaskActivityContext context, RecordVerificationRequest input) =>
        breaker.RecordAsync(input.InstanceId, input.Target, input.Passed, context.IdempotencyKey, ShutdownToken);
}
