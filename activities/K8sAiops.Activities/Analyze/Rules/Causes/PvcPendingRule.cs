using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>
/// <c>pvc-pending</c>: a PersistentVolumeClaim cannot bind. The claim is the culprit, not the pod waiting for it — unless
/// the claim only waits for its first consumer (<see cref="WaitsForConsumer"/>): then the pod that cannot be scheduled is
/// the trouble and the scheduling rules name it.
/// </summary>
internal sealed class PvcPendingRule : IDiagnosisRule
{
    public string Category => Categories.PvcPending;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var claim in context.OfKind("PersistentVolumeClaim").Where(c => Json.Str(c.Object, "status", "phase") == "Pending" && !WaitsForConsumer(context, c)))
        {
            var storageClass = Json.Str(claim.Object, "spec", "storageClassName") ?? "(default)";
            var findings = new List<Finding> { RuleContext.Cite(claim, $"phase Pending, storageClassName {storageClass}") };
            var events = context.EventsAbout(claim.Ref).Where(e => e.Type == "Warning").ToList();
            findings.AddRange(events.Take(2).Select(e => RuleContext.Cite(e)));
            var notes = context.Notes.Where(n => n.Source == claim.Ref.ToString() || n.Text.Contains($"PersistentVolumeClaim {claim.Ref.Namespace}/{claim.Ref.Name}", StringComparison.Ordinal)).ToList();
            findings.AddRange(notes.Select(RuleContext.Cite));
            var waiting = context.Events.Where(e => e.Reason == "FailedScheduling" && e.Message.Contains("PersistentVolumeClaim", StringComparison.Ordinal)).Take(1).ToList();
            findings.AddRange(waiting.Select(e => RuleContext.Cite(e)));
            var why = events.FirstOrDefault()?.Message ?? notes.FirstOrDefault()?.Text ?? "it has not bound";
            var pods = waiting.Count > 0 ? $"; pod {waiting[0].InvolvedObject.Name} cannot be scheduled until it binds" : "";
            var summary = $"PersistentVolumeClaim {claim.Ref.Namespace}/{claim.Ref.Name} is Pending: {why}{pods}";
            yield return new Candidate(Category, claim.Ref, 0.96, summary, findings,
            [
                Actions.Manual(claim.Ref, $"Create StorageClass {storageClass} (or a PersistentVolume that matches the claim), or recreate the claim with an existing class: " +
                    $"kubectl get storageclass; kubectl -n {claim.Ref.Namespace} delete pvc {claim.Ref.Name} and recreate it with storageClassName set to one listed (a claim's class cannot be changed in place)."),
            ]);
        }
    }

    /// <summary>
    /// True for a Pending claim of a <c>WaitForFirstConsumer</c> class (its StorageClass says so, or the PV controller's
    /// <c>WaitForFirstConsumer</c> event) that nothing has failed to provision (no Warning event) and whose pod the
    /// scheduler rejects for a reason that is not about volumes (a nodeSelector, a taint, a lack of room): such a claim
    /// binds once its pod is placed, so it is a symptom, not a cause.
    /// </summary>
    public static bool WaitsForConsumer(RuleContext context, EvidenceObject claim)
    {
        var events = context.EventsAbout(claim.Ref).ToList();
        var storageClass = Json.Str(claim.Object, "spec", "storageClassName");
        var waitMode = events.Exists(e => e.Reason == "WaitForFirstConsumer")
                       || context.OfKind("StorageClass").Any(sc => sc.Ref.Name == storageClass && Json.Str(sc.Object, "volumeBindingMode") == "WaitForFirstConsumer");
        if (!waitMode || events.Exists(e => e.Type == "Warning"))
            return false;
        return Scheduling.Failures(context).Any(f => f.Pod.Ref.Namespace == claim.Ref.Namespace
            && !Json.Contains(f.Event.Message, "volume")
            && Json.Array(f.Pod.Object, "spec", "volumes").Any(v => Json.Str(v, "persistentVolumeClaim", "claimName") == claim.Ref.Name));
    }
}
