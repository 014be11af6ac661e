using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>disk-full</c>: "No space left on device" in logs, or a volume the alert says is filling up. Culprit: the claim, else the workload.</summary>
internal sealed class DiskFullRule : IDiagnosisRule
{
    public string Category => Categories.DiskFull;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var full = context.LogLines().Where(l => Json.Contains(l.Line, "No space left on device")).ToList();
        var alerted = context.Alert.AlertName == "KubePersistentVolumeFillingUp" && context.Target is { Kind: "PersistentVolumeClaim" } target
            ? context.Find(target) : null;
        if (full.Count == 0 && alerted is null)
            yield break;

        foreach (var group in full.GroupBy(l => l.Log.Pod).DefaultIfEmpty())
        {
            var pod = group is null ? null : context.Find(group.Key);
            var claim = alerted ?? Claims(context, pod).FirstOrDefault();
            var culprit = claim?.Ref ?? context.WorkloadOf(group!.Key);
            var findings = new List<Finding>();
            if (claim is not null)
                findings.Add(RuleContext.Cite(claim, $"claim of {Json.Str(claim.Object, "status", "capacity", "storage") ?? "?"}", "warning"));
            if (group is not null)
                findings.Add(RuleContext.Cite(group.First().Log, group.First().Line));
            if (pod is not null)
                findings.Add(RuleContext.Cite(pod, "writes fail with No space left on device", "warning"));
            var line = group?.First().Line.Trim() ?? $"alert {context.Alert.AlertName}";
            var summary = $"{RuleContext.Describe(culprit)} is full: {line}";
            yield return new Candidate(Category, culprit, group is null ? 0.75 : 0.9, summary, findings,
            [
                Actions.Manual(culprit, culprit.Kind == "PersistentVolumeClaim"
                    ? $"Expand the claim if its StorageClass allows it (kubectl -n {culprit.Namespace} patch pvc {culprit.Name} -p '{{\"spec\":{{\"resources\":{{\"requests\":{{\"storage\":\"NEW_SIZE\"}}}}}}}}'), or free space on the volume (old data, WAL, logs)."
                    : $"Free space on the node or the pod's ephemeral storage, or give {RuleContext.Describe(culprit)} a volume for its data."),
            ]);
        }
    }

    private static IEnumerable<EvidenceObject> Claims(RuleContext context, EvidenceObject? pod) =>
        pod is null ? [] : Json.Array(pod.Object, "spec", "volumes")
            .Select(v => Json.Str(v, "persistentVolumeClaim", "claimName"))
            .OfType<string>()
            .Select(name => context.Find(new ResourceRef("PersistentVolumeClaim", pod.Ref.Namespace, name)))
            .OfType<EvidenceObject>();
}
