using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// cronjob-missed: the hourly partner sync (<c>concurrencyPolicy: Forbid</c>) started a Job five hours ago that hangs
/// on a dead connection; while it is active the CronJob controller starts no other (<c>JobAlreadyActive</c>), so four
/// runs never happened. The hung pod runs and is ready: nothing crashes, nothing warns.
/// </summary>
internal static class CronJobMissedFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var name = c.FreeName("partner-sync");
        var template = Batch.PodTemplate("sync", "registry.example.com/integrations/partner-sync:3.2.0", ["python", "-m", "sync.run"]);
        var cronJob = Batch.CronJob(c.B, c.Namespace, name, "15 * * * *", template, c.Now.AddDays(-50));
        var top = new DateTimeOffset(c.Now.Year, c.Now.Month, c.Now.Day, c.Now.Hour, 15, 0, TimeSpan.Zero);
        var skipped = top > c.Now ? top.AddHours(-1) : top;
        var scheduled = skipped.AddHours(-5);
        var job = Batch.Job(c.B, c.Namespace, Batch.ScheduledJobName(name, scheduled), template, cronJob, scheduled, backoffLimit: 6);
        var pod = Batch.JobPod(c.B, job, scheduled.AddSeconds(1));
        c.B.Log(pod, "sync", [
            AppLogs.Line(scheduled.AddSeconds(5), "INFO", "syncing orders with partner api.partner.example.net"),
            AppLogs.Line(scheduled.AddSeconds(9), "INFO", "page 1/14 done (500 orders)"),
            AppLogs.Line(scheduled.AddSeconds(12), "INFO", "requesting page 2/14"),
        ]);
        job["status"] = new JsonObject
        {
            ["startTime"] = K8sJson.Time(scheduled),
            ["active"] = 1,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
            ["ready"] = 1,
        };
        cronJob["status"] = new JsonObject
        {
            ["active"] = new JsonArray(new JsonObject
            {
                ["kind"] = "Job",
                ["namespace"] = c.Namespace,
                ["name"] = K8sJson.Name(job),
                ["uid"] = K8sJson.Uid(job),
                ["apiVersion"] = "batch/v1",
                ["resourceVersion"] = K8sJson.Text(job, "metadata", "resourceVersion"),
            }),
            ["lastScheduleTime"] = K8sJson.Time(scheduled),
            ["lastSuccessfulTime"] = K8sJson.Time(scheduled.AddHours(-1).AddMinutes(3)),
        };
        Events.Add(c.B, cronJob, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid",
            EventSource.CronJobController, skipped);
        c.Note($"CronJob {c.Namespace}/{name}: last scheduled {K8sJson.Time(scheduled)}, schedule '15 * * * *', Job {K8sJson.Name(job)} still active");
        return InspectionKit.Done(c, "cronjob-missed", cronJob);
    }
}
