using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>CronJobs and the Jobs and pods they leave behind.</summary>
internal static class Batch
{
    public static JsonObject CronJob(ClusterBuilder b, string ns, string name, string schedule, JsonObject podTemplate, DateTimeOffset created, int backoffLimit = 6)
    {
        var cronJob = K8sJson.Object(ResourceKinds.CronJob, b.Metadata(ResourceKinds.CronJob, ns, name, created, K8sJson.Labels(("app", name)), generation: 1));
        cronJob["spec"] = new JsonObject
        {
            ["schedule"] = schedule,
            ["concurrencyPolicy"] = "Forbid",
            ["suspend"] = false,
            ["jobTemplate"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
                ["spec"] = new JsonObject { ["backoffLimit"] = backoffLimit, ["template"] = podTemplate.DeepClone() },
            },
            ["successfulJobsHistoryLimit"] = 3,
            ["failedJobsHistoryLimit"] = 1,
        };
        cronJob["status"] = new JsonObject();
        return b.Add(cronJob);
    }

    /// <summary>The name the CronJob controller gives a Job: the CronJob's name and the scheduled time in minutes since the epoch.</summary>
    public static string ScheduledJobName(string cronJob, DateTimeOffset scheduled) =>
        $"{cronJob}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The last time a daily schedule at <paramref name="hour"/>:00 UTC fired at least 10 minutes before <paramref name="now"/>.</summary>
    public static DateTimeOffset LastDaily(DateTimeOffset now, int hour)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(hour);
        return today <= now.AddMinutes(-10) ? today : today.AddDays(-1);
    }

    /// <summary>A Job that ran its pod to completion, owned by <paramref name="owner"/> when a CronJob made it.</summary>
    public static (JsonObject Job, JsonObject Pod) CompletedJob(ClusterBuilder b, string ns, string name, JsonObject podTemplate, JsonObject? owner,
        DateTimeOffset started, TimeSpan duration, IEnumerable<string> log)
    {
        var job = Job(b, ns, name, podTemplate, owner, started, backoffLimit: 6);
        var finished = started + duration;
        var pod = JobPod(b, job, started.AddSeconds(1));
        var container = Pods.Containers(pod, "containers").First();
        var status = (JsonObject)pod["status"]!;
        status["phase"] = "Succeeded";
        status["conditions"] = Pods.Conditions(started.AddSeconds(1), initialized: true, ready: false, readyAt: finished,
            notReadyReason: "PodCompleted");
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, container,
            Pods.Terminated(pod, container, 0, "Completed", started.AddSeconds(3), finished, 0), null, ready: false, restarts: 0, started: false));
        b.Log(pod, K8sJson.Text(container, "name")!, log);
        job["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                K8sJson.Condition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", finished),
                K8sJson.Condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", finished)),
            ["startTime"] = K8sJson.Time(started),
            ["completionTime"] = K8sJson.Time(finished),
            ["succeeded"] = 1,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
            ["ready"] = 0,
        };
        if (b.Now - started <= TimeSpan.FromHours(1))
        {
            // The API server keeps events for an hour; older runs have none left.
            Events.Add(b, job, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.JobController, started);
            Events.Add(b, job, "Normal", "Completed", "Job completed", EventSource.JobController, finished);
        }
        return (job, pod);
    }

    public static JsonObject Job(ClusterBuilder b, string ns, string name, JsonObject podTemplate, JsonObject? owner, DateTimeOffset created, int backoffLimit)
    {
        var uid = b.Uid(ResourceKinds.Job.Kind, ns, name);
        var labels = JobLabels(uid, name);
        var job = K8sJson.Object(ResourceKinds.Job, b.Metadata(ResourceKinds.Job, ns, name, created, labels, owner: owner, generation: 1));
        var template = (JsonObject)podTemplate.DeepClone();
        var templateLabels = K8sJson.Child(K8sJson.Child(template, "metadata"), "labels");
        foreach (var (key, value) in JobLabels(uid, name))
        {
            templateLabels[key] = value?.DeepClone();
        }

        job["spec"] = new JsonObject
        {
            ["parallelism"] = 1,
            ["completions"] = 1,
            ["backoffLimit"] = backoffLimit,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } },
            ["manualSelector"] = false,
            ["template"] = template,
            ["completionMode"] = "NonIndexed",
            ["suspend"] = false,
            ["podReplacementPolicy"] = "TerminatingOrFailed",
        };
        return b.Add(job);
    }

    /// <summary>A pod of <paramref name="job"/>, running on a schedulable node (the caller sets how it ended).</summary>
    public static JsonObject JobPod(ClusterBuilder b, JsonObject job, DateTimeOffset created)
    {
        var ns = K8sJson.Namespace(job);
        var node = b.PickNode();
        var template = (JsonObject)job["spec"]!["template"]!;
        var name = b.FreeName(ResourceKinds.Pod, ns, $"{K8sJson.Name(job)}-{b.Suffix(5)}");
        return b.Add(Pods.Create(b, ns, name, template, job, node, created, generateName: K8sJson.Name(job) + "-"));
    }

    /// <summary>A batch container's pod template: restartPolicy OnFailure or Never, no probes, no ServiceAccount token.</summary>
    public static JsonObject PodTemplate(string container, string image, string[] command, string restartPolicy = "OnFailure")
    {
        var c = PodTemplates.Container(container, image);
        c["command"] = K8sJson.Strings(command);
        c["resources"] = PodTemplates.Resources("100m", "256Mi", null, "512Mi");
        var spec = PodTemplates.PodSpec("default", [c], apiAccess: false);
        spec["restartPolicy"] = restartPolicy;
        return PodTemplates.Template(new JsonObject(), spec);
    }

    private static JsonObject JobLabels(string uid, string name) => K8sJson.Labels(
        ("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", name), ("controller-uid", uid), ("job-name", name));
}
