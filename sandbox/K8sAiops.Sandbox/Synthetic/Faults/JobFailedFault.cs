using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// job-failed: the hourly invoice export's last Job failed four times on bad data (a Python exception) and hit its
/// backoff limit: condition Failed, reason BackoffLimitExceeded, four Failed pods with exit code 1.
/// </summary>
internal static class JobFailedFault
{
    private const int BackoffLimit = 3;

    public static InjectedFault Inject(FaultContext c)
    {
        var name = c.FreeName("invoice-export");
        var template = Batch.PodTemplate("export", $"registry.example.com/{c.Namespace}/invoice-export:4.2.1", ["python", "/app/export.py"], restartPolicy: "Never");
        var cronJob = Batch.CronJob(c.B, c.Namespace, name, "0 * * * *", template, c.Now.AddDays(-30), BackoffLimit);
        var scheduled = new DateTimeOffset(c.Now.Year, c.Now.Month, c.Now.Day, c.Now.Hour, 0, 0, TimeSpan.Zero);
        if (c.Now - scheduled < TimeSpan.FromMinutes(10))
        {
            scheduled = scheduled.AddHours(-1);
        }

        var job = Batch.Job(c.B, c.Namespace, Batch.ScheduledJobName(name, scheduled), template, cronJob, scheduled, BackoffLimit);
        var jobName = K8sJson.Name(job);
        Events.Add(c.B, cronJob, "Normal", "SuccessfulCreate", $"Created job {jobName}", EventSource.CronJobController, scheduled);
        var start = scheduled.AddSeconds(1);
        var failedAt = start;
        for (var attempt = 0; attempt <= BackoffLimit; attempt++)
        {
            var pod = Batch.JobPod(c.B, job, start);
            var container = Pods.Containers(pod, "containers").First();
            var runStart = start.AddSeconds(2);
            failedAt = runStart.AddSeconds(6);
            var status = (JsonObject)pod["status"]!;
            status["phase"] = "Failed";
            status["conditions"] = Pods.Conditions(start, initialized: true, ready: false, readyAt: failedAt, notReadyReason: "PodFailed");
            Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, container, Pods.Terminated(pod, container, 1, "Error", runStart, failedAt, 0), null,
                ready: false, restarts: 0, started: false));
            c.B.Log(pod, "export", ExportLog(runStart, scheduled));
            Events.Add(c.B, job, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.JobController, start);
            Events.PodStarted(c.B, pod, start);
            start = failedAt.AddSeconds(10 << attempt);
        }

        var done = failedAt.AddSeconds(1);
        const string backoff = "Job has reached the specified backoff limit";
        job["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                K8sJson.Condition("FailureTarget", "True", "BackoffLimitExceeded", backoff, done, done),
                K8sJson.Condition("Failed", "True", "BackoffLimitExceeded", backoff, done, done)),
            ["startTime"] = K8sJson.Time(scheduled),
            ["failed"] = BackoffLimit + 1,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
            ["ready"] = 0,
        };
        Events.Add(c.B, job, "Warning", "BackoffLimitExceeded", backoff, EventSource.JobController, done);
        Events.Add(c.B, cronJob, "Normal", "SawCompletedJob", $"Saw completed job: {jobName}, status: Failed", EventSource.CronJobController, done);
        cronJob["status"] = new JsonObject
        {
            ["lastScheduleTime"] = K8sJson.Time(scheduled),
            ["lastSuccessfulTime"] = K8sJson.Time(scheduled.AddHours(-1).AddMinutes(1)),
        };
        c.Note($"Job {c.Namespace}/{jobName}: condition Failed reason BackoffLimitExceeded, {(BackoffLimit + 1).ToString(CultureInfo.InvariantCulture)} failed pods");
        c.Note("Logs: decimal.InvalidOperation while formatting an invoice row");
        return c.Done(FaultContext.Ref(cronJob), FaultContext.Ref(job), MixinAlerts.JobFailed(c.B, job));
    }

    private static IEnumerable<string> ExportLog(DateTimeOffset start, DateTimeOffset scheduled)
    {
        var period = scheduled.AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);
        yield return AppLogs.Line(start.AddMilliseconds(700), "INFO", $"exporting invoices for {period}");
        yield return AppLogs.Line(start.AddSeconds(3), "INFO", "fetched 1842 invoices");
        yield return "Traceback (most recent call last):";
        yield return "  File \"/app/export.py\", line 88, in <module>";
        yield return "    main()";
        yield return "  File \"/app/export.py\", line 61, in main";
        yield return "    rows.append(format_row(invoice))";
        yield return "                ^^^^^^^^^^^^^^^^^^^";
        yield return "  File \"/app/export.py\", line 34, in format_row";
        yield return "    \"vat\": Decimal(invoice[\"vat_rate\"]) * invoice[\"net\"],";
        yield return "             ^^^^^^^^^^^^^^^^^^^^^^^^^^^";
        yield return "decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]";
    }
}
