namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>image-pull</c>: the image cannot be pulled (ErrImagePull, ImagePullBackOff, InvalidImageName).</summary>
internal sealed class ImagePullRule : IDiagnosisRule
{
    public string Category => Categories.ImagePull;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var failing = context.Containers().Concat(context.Containers(init: true))
            .Where(c => c.WaitingReason is "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName" or "ErrImageNeverPull");
        foreach (var group in failing.GroupBy(c => context.WorkloadOf(c.Pod.Ref)))
        {
            var workload = group.Key;
            var first = group.First();
            var image = Json.Str(first.Spec, "image") ?? Json.Str(first.Status, "image") ?? "?";
            var findings = group.Select(c => RuleContext.Cite(c.Pod, $"container {c.Name} is {c.WaitingReason}: {c.WaitingMessage}")).ToList();
            var pulls = group.SelectMany(c => context.EventsAbout(c.Pod.Ref))
                .Where(e => e.Reason == "Failed" && (Json.Contains(e.Message, "Failed to pull image") || Json.Contains(e.Message, "InvalidImageName"))).Take(1).ToList();
            findings.AddRange(pulls.Select(e => RuleContext.Cite(e)));
            var why = pulls.FirstOrDefault()?.Message is { } m && m.LastIndexOf(": ", StringComparison.Ordinal) is > 0 and var at ? $" ({m[(at + 2)..]})" : "";
            var summary = $"{RuleContext.Describe(workload)} cannot pull image {image}{why}: container {first.Name} is {first.WaitingReason}";
            yield return new Candidate(Category, workload, 0.92, summary, findings,
            [
                Actions.RollbackOrFix(context, workload, $"image {image} cannot be pulled",
                    $"Point container {first.Name} at an image that exists and the node may pull (check the tag and imagePullSecrets): kubectl -n {workload.Namespace} set image {workload.Kind.ToLowerInvariant()}/{workload.Name} {first.Name}=IMAGE:TAG"),
            ]);
        }
    }
}
