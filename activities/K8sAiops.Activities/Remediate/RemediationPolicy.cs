using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Remediate;

/// <summary>Decides from <see cref="RemediationOptions"/> whether an action may be carried out on its target, and which targets each action takes.</summary>
public sealed class RemediationPolicy(IOptions<RemediationOptions> options)
{
    /// <summary>The kinds of object each action acts on.</summary>
    private static readonly Dictionary<string, string[]> TargetKinds = new(StringComparer.Ordinal)
    {
        [ActionKinds.RestartWorkload] = ["Deployment", "StatefulSet"],
        [ActionKinds.DeletePod] = ["Pod"],
        [ActionKinds.Scale] = ["Deployment", "StatefulSet"],
        [ActionKinds.PatchMemoryLimit] = ["Deployment", "StatefulSet"],
        [ActionKinds.PatchCpuLimit] = ["Deployment", "StatefulSet"],
        [ActionKinds.Rollback] = ["Deployment"],
        [ActionKinds.CordonNode] = ["Node"],
    };

    /// <summary>Null when allowed, else the reason for a person.</summary>
    public string? Refusal(ProposedAction action)
    {
        var settings = options.Value;
        if (action.Kind == ActionKinds.None)
            return "the diagnosis proposes no automatic action (none): the fix is manual.";
        if (!TargetKinds.TryGetValue(action.Kind, out var kinds))
            return $"'{action.Kind}' is not in the remediation catalogue ({string.Join(", ", TargetKinds.Keys)}).";
        if (!kinds.Contains(action.Target.Kind, StringComparer.Ordinal))
            return $"{action.Kind} acts on {string.Join(" or ", kinds)}, not on {action.Target.Kind} {action.Target.Name}.";

        if (action.Target.Namespace.Length == 0)
        {
            return settings.EffectiveClusterActions.Contains(action.Kind)
                ? null
                : $"policy does not allow {action.Kind} on cluster-scoped objects (Remediation:ClusterActions).";
        }

        var ns = action.Target.Namespace;
        if (settings.Namespaces.TryGetValue(ns, out var own))
        {
            return own.AllowedActions.Contains(action.Kind)
                ? null
                : $"policy does not allow {action.Kind} in namespace {ns} (Remediation:Namespaces:{ns}:AllowedActions).";
        }
        if (ns.StartsWith("kube-", StringComparison.Ordinal))
            return $"policy allows no remediation in system namespace {ns} unless Remediation:Namespaces:{ns} names the actions.";
        return settings.EffectiveAllowedActions.Contains(action.Kind)
            ? null
            : $"policy does not allow {action.Kind} (Remediation:AllowedActions).";
    }

    /// <summary>Whether a plan of <paramref name="risk"/> needs a person's approval.</summary>
    public bool NeedsApproval(string risk) => !options.Value.AutoApproveRisks.Contains(risk, StringComparer.OrdinalIgnoreCase);
}
