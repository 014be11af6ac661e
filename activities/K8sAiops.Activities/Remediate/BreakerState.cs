using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// A target's remediation circuit breaker: after <c>Remediation:BreakerThreshold</c> failed verifications in a row it
/// opens, and no remediation of the target is planned until a person resets it.
/// </summary>
/// <param name="OpenedAt">When it last opened; null when it never did or was reset.</param>
/// <param name="LastInstance">The instance whose verification was recorded last.</param>
/// <param name="ResetBy">Who last reset it.</param>
public sealed record BreakerState(ResourceRef Target, int ConsecutiveFailures, bool Open, DateTimeOffset? OpenedAt, string? LastInstance, string? ResetBy);
