using System.Text.RegularExpressions;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>volume-mount</c>: a volume that exists cannot be attached or mounted (Multi-Attach, CSI errors).</summary>
internal sealed partial class VolumeMountRule : IDiagnosisRule
{
    public string Category => Categories.VolumeMount;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var failures = context.Events.Where(e => e.InvolvedObject.Kind == "Pod" && e.Type == "Warning"
            && (e.Reason == "FailedAttachVolume" || (e.Reason == "FailedMount" && !Json.Contains(e.Message, "not found"))))
            .Where(e => context.Find(e.InvolvedObject) is not { } pod || Json.Str(pod.Object, "status", "phase") is "Pending" or null);
        foreach (var group in failures.GroupBy(e => context.WorkloadOf(e.InvolvedObject)))
        {
            var workload = group.Key;
            var attach = group.FirstOrDefault(e => e.Reason == "FailedAttachVolume") ?? group.First();
            var findings = group.Take(3).Select(e => RuleContext.Cite(e)).ToList();
            if (context.Find(attach.InvolvedObject) is { } pod)
                findings.Insert(0, RuleContext.Cite(pod, "Pending, containers waiting in ContainerCreating"));
            var summary = $"{RuleContext.Describe(workload)} cannot start pod {attach.InvolvedObject.Name}: {attach.Reason}: {attach.Message}";
            var holder = HeldBy().Match(attach.Message);
            ProposedAction action = holder.Success
                ? new ProposedAction
                {
                    Kind = ActionKinds.DeletePod, Target = new ResourceRef("Pod", workload.Namespace, holder.Groups[1].Value), Risk = "medium",
                    Description = $"Delete the old pod {holder.Groups[1].Value} that still holds the ReadWriteOnce volume so it can attach to the new pod's node.",
                    Commands = [$"kubectl -n {workload.Namespace} delete pod {holder.Groups[1].Value}"],
                }
                : Actions.Manual(workload, $"Release the volume where it is still attached (kubectl get volumeattachment), or use a Recreate strategy for {RuleContext.Describe(workload)} so old and new pods never need it at once.");
            yield return new Candidate(Category, workload, 0.86, summary, findings, [action]);
        }
    }

    [GeneratedRegex(@"already used by pod\(s\) ([a-z0-9.-]+)")]
    private static partial Regex HeldBy();
}
