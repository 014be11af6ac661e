using K8sAiops.Durable;

namespace K8sAiops.Activities.Audit;

/// <summary>Activity: appends an orchestration's step to the audit trail, once however often it is delivered.</summary>
public sealed class WriteAudit(AuditLog log) : TaskActivity<AuditEntry, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, AuditEntry input) =>
        log.AppendAsync(input, context.IdempotencyKey, ShutdownToken);
}
