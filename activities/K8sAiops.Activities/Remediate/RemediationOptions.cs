using System.ComponentModel.DataAnnotations;
using K8sAiops.Activities.Analyze;

namespace K8sAiops.Activities.Remediate;

/// <summary>Remediation policy and pacing (section <c>Remediation</c>), validated when the host starts.</summary>
public sealed class RemediationOptions : IValidatableObject
{
    public const string SectionName = "Remediation";

    /// <summary>The actions that act on cluster-scoped objects (Nodes).</summary>
    public static IReadOnlyList<string> ClusterScopedActions { get; } = [ActionKinds.CordonNode];

    /// <summary>
    /// Whether alerts propose fixes at all. False makes the product read-only: alerts are diagnosed and their cards
    /// sent, but nothing is dry-run, asked for or written (deploy with the read role only). <value>Default: true.</value>
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long verification waits for the target to be healthy. <value>Default: 5 minutes.</value></summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Use a duration from 5 seconds to 1 day, e.g. 00:05:00.")]
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The pause between verification checks. <value>Default: 10 seconds.</value></summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Use a duration from 1 second to 1 hour, e.g. 00:00:10.")]
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed verifications in a row that open a target's breaker. <value>Default: 3.</value></summary>
    [Range(1, 100, ErrorMessage = "Use a count from 1 to 100.")]
    public int BreakerThreshold { get; set; } = 3;

    /// <summary>How long a target's lock lasts when its owner never releases it (a crashed orchestration). <value>Default: 6 hours.</value></summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Use a duration from 1 minute to 7 days, e.g. 06:00:00.")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Risks (<c>low</c>, <c>medium</c>, <c>high</c>) applied without asking a person. <value>Default: none (every action asks).</value></summary>
    public List<string> AutoApproveRisks { get; set; } = [];

    /// <summary>
    /// The actions allowed on namespaced targets; <c>none</c> alone allows nothing (configuration cannot express an
    /// empty list). <value>Default (unset): every catalogue action but <c>none</c> and the cluster-scoped ones.</value>
    /// </summary>
    public List<string>? AllowedActions { get; set; }

    /// <summary>
    /// Per-namespace overrides of <see cref="AllowedActions"/> (an empty list allows nothing there). Namespaces whose
    /// name starts with <c>kube-</c> allow nothing unless listed here. <value>Default: none.</value>
    /// </summary>
    public Dictionary<string, NamespacePolicy> Namespaces { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The actions allowed on cluster-scoped targets (Nodes); <c>none</c> allows nothing. <value>Default (unset): <c>cordon-node</c>.</value></summary>
    public List<string>? ClusterActions { get; set; }

    /// <summary>The effective <see cref="AllowedActions"/>.</summary>
    public IReadOnlyList<string> EffectiveAllowedActions =>
        AllowedActions ?? [.. ActionKinds.All.Where(k => k != ActionKinds.None && !ClusterScopedActions.Contains(k))];

    /// <summary>The effective <see cref="ClusterActions"/>.</summary>
    public IReadOnlyList<string> EffectiveClusterActions => ClusterActions ?? ClusterScopedActions;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (VerifyInterval >= VerifyTimeout)
            yield return new ValidationResult($"The verify interval ({VerifyInterval}) must be shorter than the verify timeout ({VerifyTimeout}).", [nameof(VerifyInterval)]);
        if (LockTimeout <= VerifyTimeout)
            yield return new ValidationResult($"The lock timeout ({LockTimeout}) must outlast the verify timeout ({VerifyTimeout}), or a lock could expire mid-remediation.", [nameof(LockTimeout)]);
        foreach (var risk in AutoApproveRisks.Where(r => r.ToLowerInvariant() is not ("low" or "medium" or "high")))
            yield return new ValidationResult($"'{risk}' is not a risk; use low, medium or high.", [nameof(AutoApproveRisks)]);
        foreach (var error in UnknownActions(AllowedActions, nameof(AllowedActions)))
            yield return error;
        foreach (var error in UnknownActions(ClusterActions, nameof(ClusterActions)))
            yield return error;
        foreach (var kind in (ClusterActions ?? []).Where(k => ActionKinds.All.Contains(k) && k != ActionKinds.None && !ClusterScopedActions.Contains(k)))
            yield return new ValidationResult($"'{kind}' acts on namespaced objects; only {string.Join(", ", ClusterScopedActions)} can be a cluster action.", [nameof(ClusterActions)]);
        foreach (var (ns, policy) in Namespaces)
        {
            foreach (var error in UnknownActions(policy.AllowedActions, $"{nameof(Namespaces)}:{ns}:{nameof(NamespacePolicy.AllowedActions)}"))
                yield return error;
        }
    }

    private static IEnumerable<ValidationResult> UnknownActions(List<string>? actions, string member)
    {
        foreach (var kind in actions ?? [])
        {
            if (!ActionKinds.All.Contains(kind))
                yield return new ValidationResult($"'{kind}' is not a remediation action; use {string.Join(", ", ActionKinds.All)} ('none' alone allows nothing).", [member]);
        }
    }
}

/// <summary>The remediation policy of one namespace (<c>Remediation:Namespaces:{name}</c>).</summary>
public sealed class NamespacePolicy
{
    /// <summary>The actions allowed in the namespace; empty allows none. <value>Default: none.</value></summary>
    public List<string> AllowedActions { get; set; } = [];
}
