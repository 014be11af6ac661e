using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>An application namespace: Deployments with Services, StatefulSets, a quota, an autoscaler, an Ingress, and (in the first) a CronJob.</summary>
internal static class AppNamespace
{
    private static readonly string[] NamespaceNames = ["shop", "payments", "search", "accounts", "logistics", "analytics", "marketing", "support", "media", "identity"];

    private static readonly string[] AppNames =
    [
        "frontend", "api", "cart", "catalog", "checkout", "orders", "pricing", "recommendations", "reviews", "inventory",
        "shipping", "notifications", "profiles", "auth", "media", "reports", "gateway", "ledger", "search", "wishlist",
    ];

    private static readonly StatefulFlavor[] Flavors = [StatefulFlavor.Postgres, StatefulFlavor.Redis, StatefulFlavor.RabbitMq];
    private static readonly string[] FlavorNames = ["postgres", "redis", "rabbitmq"];

    public static string Name(int index) =>
        index < NamespaceNames.Length ? NamespaceNames[index] : $"team-{(index + 1).ToString(CultureInfo.InvariantCulture)}";

    public static void Add(ClusterBuilder b, string ns, int index, SyntheticClusterOptions options)
    {
        var created = b.Now.AddDays(-25 + (index % 10));
        NamespaceBasics.Add(b, ns, created);
        var pods = new List<JsonObject>();
        var deployments = new List<AppParts>();
        for (var i = 0; i < options.DeploymentsPerNamespace; i++)
        {
            var plan = Apps.Plan(b, ns, Numbered(AppNames, i));
            plan.Replicas = options.ReplicasPerDeployment;
            plan.LogLines = options.LogLinesPerContainer;
            plan.Created = Later(plan.Created, created);
            plan.RolledOut = Later(plan.RolledOut, plan.Created);
            if (i == 0 || b.Random.Next(4) == 0)
            {
                // Rolled out in the last hour: its events are still there (the API server keeps them for an hour).
                plan.RolledOut = b.Now.AddMinutes(-b.Random.Next(5, 55));
                plan.Events = true;
            }

            if (options.Noise && index == 0 && i == options.DeploymentsPerNamespace - 1 && i > 0)
            {
                plan.RolledOut = b.Now.AddDays(-6);
                plan.Events = false;
            }

            var parts = Apps.Deploy(b, plan);
            deployments.Add(parts);
            pods.AddRange(parts.Pods);
        }

        for (var i = 0; i < options.StatefulSetsPerNamespace; i++)
        {
            var flavor = Flavors[i % Flavors.Length];
            var name = Numbered(FlavorNames, i);
            var secret = $"{name}-credentials";
            Configuration.Secret(b, ns, secret, created, [("password", Configuration.SecretValue(b)), ("username", name)]);
            var parts = StatefulSets.Deploy(b, ns, name, flavor, StatefulSets.Template(name, flavor, secret), 1, "20Gi",
                created.AddHours(1 + i));
            pods.AddRange(parts.Pods);
        }

        if (deployments.Count > 0)
        {
            var first = deployments[0];
            Policies.HealthyAutoscaler(b, first.Deployment, options.ReplicasPerDeployment, created.AddDays(1));
            if (first.Service is not null)
            {
                Networking.Ingress(b, ns, K8sJson.Name(first.Deployment), $"{ns}.example.com", K8sJson.Name(first.Service), 80, created.AddDays(1));
            }
        }

        if (index == 0)
        {
            pods.Add(AddCronJob(b, ns, created));
        }

        Policies.Quota(b, ns, pods, created);
    }

    /// <summary>A daily CronJob whose last run completed this morning.</summary>
    private static JsonObject AddCronJob(ClusterBuilder b, string ns, DateTimeOffset created)
    {
        const string name = "daily-digest";
        var template = Batch.PodTemplate("digest", $"registry.example.com/{ns}/daily-digest:2.3.0", ["python", "-m", "digest.send"]);
        var cronJob = Batch.CronJob(b, ns, name, "0 6 * * *", template, created);
        var scheduled = Batch.LastDaily(b.Now, 6);
        var (job, pod) = Batch.CompletedJob(b, ns, Batch.ScheduledJobName(name, scheduled), template, cronJob, scheduled, TimeSpan.FromSeconds(b.Random.Next(40, 200)), [
            AppLogs.Line(scheduled.AddSeconds(4), "INFO", "collecting yesterday's orders"),
            AppLogs.Line(scheduled.AddSeconds(19), "INFO", $"sending digest to {b.Random.Next(200, 900).ToString(CultureInfo.InvariantCulture)} subscribers"),
            AppLogs.Line(scheduled.AddSeconds(38), "INFO", "done"),
        ]);
        cronJob["status"] = new JsonObject
        {
            ["lastScheduleTime"] = K8sJson.Time(scheduled),
            ["lastSuccessfulTime"] = job["status"]!["completionTime"]!.DeepClone(),
        };
        if (b.Now - scheduled <= TimeSpan.FromHours(1))
        {
            Events.Add(b, cronJob, "Normal", "SuccessfulCreate", $"Created job {K8sJson.Name(job)}", EventSource.CronJobController, scheduled);
            Events.Add(b, cronJob, "Normal", "SawCompletedJob", $"Saw completed job: {K8sJson.Name(job)}, status: Complete", EventSource.CronJobController,
                DateTimeOffset.Parse(K8sJson.Text(job, "status", "completionTime")!, CultureInfo.InvariantCulture));
        }
        return pod;
    }

    private static string Numbered(string[] names, int index) =>
        index < names.Length ? names[index] : $"{names[index % names.Length]}-{((index / names.Length) + 1).ToString(CultureInfo.InvariantCulture)}";

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
