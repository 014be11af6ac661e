using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// cronjob-last-failed: last night's backup ran past its one-hour <c>activeDeadlineSeconds</c>; the Job controller
/// stopped it (Failed=True, DeadlineExceeded) and deleted its pod. The night before succeeded. The <c>job-failed</c>
/// rule looks only at failures of the last hour (older ones are history to a diagnosis), so this one is the check's alone.
/// </summary>
internal static class CronJobFailedFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var name = c.FreeName("nightly-backup");
        var template = Batch.PodTemplate("backup", "registry.example.com/platform/pg-backup:1.8.2", ["/usr/local/bin/backup", "--to", "s3://backups/orders"]);
        var cronJob = Batch.CronJob(c.B, c.Namespace, name, "30 2 * * *", template, c.Now.AddDays(-40));
        var scheduled = new DateTimeOffset(c.Now.UtcDateTime.Date, TimeSpan.Zero).AddHours(2).AddMinutes(30);
        if (scheduled.AddHours(1) > c.Now)
        {
            scheduled = scheduled.AddDays(-1); // The last run whose deadline has passed.
        }

        var job = Batch.Job(c.B, c.Namespace, Batch.ScheduledJobName(name, scheduled), template, cronJob, scheduled, backoffLimit: 6);
        job["spec"]!.AsObject().Insert(0, "activeDeadlineSeconds", 3600);
        var stopped = scheduled.AddHours(1);
        const string message = "Job was active longer than specified deadline";
        job["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                K8sJson.Condition("FailureTarget", "True", "DeadlineExceeded", message, stopped, stopped),
                K8sJson.Condition("Failed", "True", "DeadlineExceeded", message, stopped, stopped)),
            ["startTime"] = K8sJson.Time(scheduled),
            ["failed"] = 1,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
            ["ready"] = 0,
        };
        cronJob["status"] = new JsonObject
        {
            ["lastScheduleTime"] = K8sJson.Time(scheduled),
            ["lastSuccessfulTime"] = K8sJson.Time(scheduled.AddDays(-1).AddMinutes(48)),
        };
        c.Note($"Job {c.Namespace}/{K8sJson.Name(job)}: Failed=True DeadlineExceeded at {K8sJson.Time(stopped)}; CronJob {name} last succeeded the night before");
        return InspectionKit.Done(c, "cronjob-last-failed", cronJob);
    }
}
