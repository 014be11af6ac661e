namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>job-failed</c>: a Job hit its backoff limit or deadline. Culprit: its CronJob, else the Job. Completed Jobs are history.</summary>
internal sealed class JobFailedRule : IDiagnosisRule
{
    public string Category => Categories.JobFailed;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var job in context.OfKind("Job"))
        {
            var failed = Json.Condition(job.Object, "Failed");
            if (Json.Str(failed, "status") != "True" || (Json.Time(failed, "lastTransitionTime") < context.Horizon && context.Target != job.Ref))
                continue;
            var culprit = context.WorkloadOf(job.Ref);
            var findings = new List<Finding> { RuleContext.Cite(job, $"Failed ({Json.Str(failed, "reason")}): {Json.Str(failed, "message")}, {Json.Long(job.Object, "status", "failed") ?? 0} failed pods") };
            findings.AddRange(context.EventsAbout(job.Ref).Where(e => e.Type == "Warning").Take(1).Select(e => RuleContext.Cite(e)));
            var pods = context.OfKind("Pod").Where(p => Json.Array(p.Object, "metadata", "ownerReferences").Any(o => Json.Str(o, "name") == job.Ref.Name)).ToList();
            var log = context.Logs.Where(l => pods.Any(p => p.Ref == l.Pod)).OrderBy(l => l.Pod.Name, StringComparer.Ordinal).LastOrDefault();
            var error = log is null ? null : ErrorLines.Best(log.ErrorLines.Concat(log.TailLines).Select(line => (log, line)));
            if (error is { } e)
                findings.Add(RuleContext.Cite(e.Log, e.Line));
            var why = error is { } f ? $": {f.Line.Trim()}" : "";
            var summary = $"{RuleContext.Describe(culprit)}: Job {job.Ref.Name} failed ({Json.Str(failed, "reason")}, {Json.Long(job.Object, "status", "failed") ?? 0} failed pods){why}";
            var rerun = culprit.Kind == "CronJob"
                ? $"kubectl -n {culprit.Namespace} create job {culprit.Name}-manual --from=cronjob/{culprit.Name}"
                : $"kubectl -n {culprit.Namespace} delete job {job.Ref.Name}";
            yield return new Candidate(Category, culprit, 0.8, summary, findings,
            [
                new ProposedAction
                {
                    Kind = ActionKinds.None, Target = culprit, Risk = "low",
                    Description = $"Fix the failure the Job's logs show (kubectl -n {job.Ref.Namespace} logs job/{job.Ref.Name}), then run it again.",
                    Commands = [rerun],
                },
            ]);
        }
    }
}
