using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>
/// What an application Deployment is made of before it is built: its template (free to change), replicas, and
/// when it was created and last rolled out. <see cref="Apps.Deploy"/> turns it into objects.
/// </summary>
internal sealed class AppPlan
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required JsonObject Template { get; init; }

    public int Replicas { get; set; } = 2;

    public int Port { get; init; } = 8080;

    /// <summary>The Deployment's revision; above 1 an older ReplicaSet scaled to zero is kept, as the controller does.</summary>
    public int Revision { get; set; } = 1;

    public DateTimeOffset Created { get; set; }

    /// <summary>When the current ReplicaSet was created (the last rollout).</summary>
    public DateTimeOffset RolledOut { get; set; }

    /// <summary>Add the rollout's events (ScalingReplicaSet, SuccessfulCreate, Scheduled, Pulled, Created, Started); real clusters keep events for an hour.</summary>
    public bool Events { get; set; }

    public bool Service { get; set; } = true;

    /// <summary>The port the Service exposes (forwarding to <see cref="Port"/>).</summary>
    public int ServicePort { get; set; } = 80;

    /// <summary>The Deployment's selector and the pods' identifying labels; <c>app: NAME</c> unless set.</summary>
    public JsonObject? Selector { get; set; }

    public int LogLines { get; set; } = 5;

    public string? ConfigMap { get; init; }

    /// <summary>The node every pod runs on (the template's nodeSelector should say so); null: the scheduler spreads them.</summary>
    public JsonObject? Node { get; set; }

    public string? Secret { get; init; }

    public JsonObject MainContainer => PodTemplates.MainContainer(Template);
}

/// <summary>The objects <see cref="Apps.Deploy"/> made.</summary>
internal sealed record AppParts(JsonObject Deployment, JsonObject ReplicaSet, JsonObject? OldReplicaSet, List<JsonObject> Pods, JsonObject? Service, JsonObject? Endpoints);

/// <summary>Application Deployments with everything around them: ServiceAccount, ConfigMap, Secret, ReplicaSets, pods, Service, Endpoints, logs.</summary>
internal static class Apps
{
    public static AppPlan Plan(ClusterBuilder b, string ns, string name, bool config = true, bool secret = true, int port = 8080, string? image = null)
    {
        var version = $"1.{b.Random.Next(0, 24)}.{b.Random.Next(0, 10)}";
        var created = b.Now.AddDays(-b.Random.Next(8, 90)).AddMinutes(-b.Random.Next(0, 1440));
        var rolledOut = b.Now.AddDays(-b.Random.Next(1, 7)).AddMinutes(-b.Random.Next(0, 1440));
        var configMap = config ? $"{name}-config" : null;
        var secretName = secret ? $"{name}-secrets" : null;
        return new AppPlan
        {
            Namespace = ns,
            Name = name,
            Version = version,
            Template = PodTemplates.App(name, image ?? $"registry.example.com/{ns}/{name}:{version}", port, configMap, secretName, name),
            Port = port,
            Created = created,
            RolledOut = rolledOut,
            Revision = b.Random.Next(1, 6),
            ConfigMap = configMap,
            Secret = secretName,
        };
    }

    public static AppParts Deploy(ClusterBuilder b, AppPlan plan)
    {
        var ns = plan.Namespace;
        var labels = (JsonObject)(plan.Selector?.DeepClone() ?? K8sJson.Labels(("app", plan.Name)));
        AddConfiguration(b, plan);
        var deployment = K8sJson.Object(ResourceKinds.Deployment, b.Metadata(ResourceKinds.Deployment, ns, plan.Name, plan.Created,
            (JsonObject)labels.DeepClone(), K8sJson.Labels(("deployment.kubernetes.io/revision", Text(plan.Revision))), generation: plan.Revision));
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = plan.Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = plan.Template.DeepClone(),
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
            },
            ["revisionHistoryLimit"] = 10,
            ["progressDeadlineSeconds"] = 600,
        };
        b.Add(deployment);

        JsonObject? oldReplicaSet = null;
        if (plan.Revision > 1)
        {
            var oldTemplate = (JsonObject)plan.Template.DeepClone();
            var oldImage = K8sJson.Text(PodTemplates.MainContainer(oldTemplate), "image")!;
            PodTemplates.MainContainer(oldTemplate)["image"] = oldImage[..(oldImage.LastIndexOf(':') + 1)] + PreviousVersion(plan.Version);
            oldReplicaSet = ReplicaSet(b, deployment, oldTemplate, plan.Revision - 1, plan.Created.AddMinutes(plan.Revision), replicas: 0);
        }

        var replicaSet = ReplicaSet(b, deployment, plan.Template, plan.Revision, plan.RolledOut, plan.Replicas);
        var pods = new List<JsonObject>(plan.Replicas);
        var rsName = K8sJson.Name(replicaSet);
        var template = (JsonObject)replicaSet["spec"]!["template"]!;
        for (var i = 0; i < plan.Replicas; i++)
        {
            var created = plan.RolledOut.AddSeconds(i * 2 % 30);
            var node = plan.Node ?? b.PickNode();
            var pod = b.Add(Pods.Create(b, ns, b.FreeName(ResourceKinds.Pod, ns, $"{rsName}-{b.Suffix(5)}"), template, replicaSet, node, created, generateName: rsName + "-"));
            pods.Add(pod);
            var started = created.AddSeconds(3);
            foreach (var container in Pods.Containers(pod, "containers"))
            {
                b.Log(pod, K8sJson.Text(container, "name")!, AppLogs.HealthyService(b, plan.Name, plan.Version, plan.Port, started, plan.LogLines));
            }
        }

        if (plan.Events)
        {
            AddRolloutEvents(b, deployment, replicaSet, pods, plan);
        }

        JsonObject? service = null;
        JsonObject? endpoints = null;
        if (plan.Service)
        {
            service = Networking.Service(b, ns, plan.Name, (JsonObject)labels.DeepClone(), plan.ServicePort, plan.Port, plan.Created,
                labels: (JsonObject)labels.DeepClone());
            endpoints = Networking.Endpoints(b, service, pods, plan.RolledOut.AddSeconds(12));
        }

        WorkloadStatus.SetHealthy(deployment, replicaSet, plan.Replicas, plan.RolledOut);
        return new AppParts(deployment, replicaSet, oldReplicaSet, pods, service, endpoints);
    }

    /// <summary>A ReplicaSet of <paramref name="deployment"/> for <paramref name="template"/>, named by its pod-template-hash.</summary>
    public static JsonObject ReplicaSet(ClusterBuilder b, JsonObject deployment, JsonObject template, int revision, DateTimeOffset created, int replicas)
    {
        var ns = K8sJson.Namespace(deployment);
        var hash = b.Suffix(b.Random.Next(9, 11));
        var name = $"{K8sJson.Name(deployment)}-{hash}";
        var podTemplate = (JsonObject)template.DeepClone();
        K8sJson.Child(K8sJson.Child(podTemplate, "metadata"), "labels")["pod-template-hash"] = hash;
        var labels = (JsonObject)podTemplate["metadata"]!["labels"]!.DeepClone();
        var desired = deployment["spec"]!["replicas"]!.GetValue<int>();
        var annotations = K8sJson.Labels(
            ("deployment.kubernetes.io/desired-replicas", Text(desired)),
            ("deployment.kubernetes.io/max-replicas", Text(desired + (int)Math.Ceiling(desired * 0.25))),
            ("deployment.kubernetes.io/revision", Text(revision)));
        var rs = K8sJson.Object(ResourceKinds.ReplicaSet, b.Metadata(ResourceKinds.ReplicaSet, ns, name, created, labels, annotations, deployment, generation: 1));
        rs["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = podTemplate,
        };
        rs["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = 1 };
        return b.Add(rs);
    }

    /// <summary>The events of a rollout in the last hour: the controllers scaling and creating, then each pod starting.</summary>
    public static void AddRolloutEvents(ClusterBuilder b, JsonObject deployment, JsonObject replicaSet, IReadOnlyList<JsonObject> pods, AppPlan plan)
    {
        var rsName = K8sJson.Name(replicaSet);
        Building.Events.Add(b, deployment, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} to {Text(plan.Replicas)}",
            EventSource.DeploymentController, plan.RolledOut);
        foreach (var pod in pods)
        {
            var created = DateTimeOffset.Parse(K8sJson.Text(pod, "metadata", "creationTimestamp")!, CultureInfo.InvariantCulture);
            Building.Events.Add(b, replicaSet, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, created);
            Building.Events.PodStarted(b, pod, created);
        }
    }

    private static void AddConfiguration(ClusterBuilder b, AppPlan plan)
    {
        var ns = plan.Namespace;
        var labels = K8sJson.Labels(("app", plan.Name));
        var serviceAccount = K8sJson.Text(plan.Template, "spec", "serviceAccountName");
        if (serviceAccount is not null && serviceAccount != "default" && !b.Exists(ResourceKinds.ServiceAccount, ns, serviceAccount))
        {
            Configuration.ServiceAccount(b, ns, serviceAccount, plan.Created, (JsonObject)labels.DeepClone());
        }

        if (plan.ConfigMap is not null && !b.Exists(ResourceKinds.ConfigMap, ns, plan.ConfigMap))
        {
            Configuration.ConfigMap(b, ns, plan.ConfigMap, plan.Created, new JsonObject
            {
                ["LOG_LEVEL"] = "info",
                ["config.yaml"] = $"server:\n  port: {Text(plan.Port)}\nmetrics:\n  enabled: true\n",
            }, (JsonObject)labels.DeepClone());
        }

        if (plan.Secret is not null && !b.Exists(ResourceKinds.Secret, ns, plan.Secret))
        {
            Configuration.Secret(b, ns, plan.Secret, plan.Created,
                [("DATABASE_PASSWORD", Configuration.SecretValue(b)), ("API_KEY", Configuration.SecretValue(b, 32))], labels: (JsonObject)labels.DeepClone());
        }
    }

    private static string PreviousVersion(string version)
    {
        var parts = version.Split('.');
        var minor = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return minor > 0 ? $"{parts[0]}.{Text(minor - 1)}.{parts[2]}" : $"0.9.{parts[2]}";
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
