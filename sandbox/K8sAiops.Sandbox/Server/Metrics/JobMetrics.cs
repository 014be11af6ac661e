using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>KSM's Job families (<c>internal/store/job.go</c>): default labels namespace, job_name.</summary>
internal static class JobMetrics
{
    public static void Write(ExpositionWriter w, IReadOnlyList<StoredObject> jobs)
    {
        var status = new (string Name, string Help, string Field)[]
        {
            ("kube_job_status_active", "[STABLE] The number of actively running pods.", "active"),
            ("kube_job_status_succeeded", "[STABLE] The number of pods which reached Phase Succeeded.", "succeeded"),
            ("kube_job_status_failed", "[STABLE] The number of pods which reached Phase Failed and the reason for failure.", "failed"),
        };
        foreach (var (name, help, field) in status)
        {
            var family = w.Gauge(name, help);
            foreach (var j in jobs)
            {
                family.Add(j.Json.IntegerAt("status", field) ?? 0, Id(j));
            }
        }

        var start = w.Gauge("kube_job_status_start_time", "[STABLE] StartTime represents time when the job was acknowledged by the Job Manager.");
        foreach (var j in jobs)
        {
            if (j.Json.TimeAt("status", "startTime") is { } time)
            {
                start.Add(time.ToUnixTimeSeconds(), Id(j));
            }
        }

        Condition(w, jobs, "kube_job_complete", "[STABLE] The job has completed its execution.", "Complete");
        Condition(w, jobs, "kube_job_failed", "[STABLE] The job has failed its execution.", "Failed");

        var owner = w.Gauge("kube_job_owner", "[STABLE] Information about the Job's owner.");
        foreach (var j in jobs)
        {
            var owners = PodMetrics.Owners(j.Json).ToList();
            if (owners.Count == 0)
            {
                owner.Add(1, [.. Id(j), ("owner_kind", "<none>"), ("owner_name", "<none>"), ("owner_is_controller", "<none>")]);
            }

            foreach (var o in owners)
            {
                owner.Add(1, [.. Id(j), ("owner_kind", o.Kind ?? ""), ("owner_name", o.Name ?? ""), ("owner_is_controller", o.IsController)]);
            }
        }
    }

    /// <summary>The true/false/unknown triple in <c>condition</c>, only for jobs that have a condition of <paramref name="type"/>.</summary>
    private static void Condition(ExpositionWriter w, IReadOnlyList<StoredObject> jobs, string name, string help, string type)
    {
        var family = w.Gauge(name, help);
        foreach (var j in jobs)
        {
            foreach (var c in j.Json.ItemsAt("status", "conditions").Where(c => c.StringAt("type") == type))
            {
                family.AddStatusAsCondition(c.StringAt("status"), Id(j));
            }
        }
    }

    private static (string, string)[] Id(StoredObject job) => [("namespace", job.Namespace), ("job_name", job.Name)];
}
