using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Remediate;

/// <summary>Input of <see cref="VerifyRemediation"/>: the plan that was applied and when.</summary>
public sealed record VerifyRemediationRequest(RemediationPlan Plan, RemediationApplied Applied);

/// <summary>One look at the target after a remediation; <paramref name="Problems"/> names each failing condition.</summary>
public sealed record VerificationCheck(bool Healthy, string Detail, List<string> Problems);

/// <summary>Input of <see cref="RecordVerification"/>: the verdict of the verification (healthy in time, or not).</summary>
public sealed record RecordVerificationRequest(string InstanceId, ResourceRef Target, bool Passed);

/// <summary>Input of <see cref="ReleaseRemediation"/>: the instance gives up its lock on the target.</summary>
public sealed record ReleaseRemediationRequest(string InstanceId, ResourceRef Target);
