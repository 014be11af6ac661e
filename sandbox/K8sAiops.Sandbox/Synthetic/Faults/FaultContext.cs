using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>One fault being injected: the snapshot's builder, the namespace, when the trouble began, and the evidence noted so far.</summary>
internal sealed class FaultContext(ClusterBuilder builder, string ns, string category)
{
    /// <summary>How long before the snapshot the fault began: long enough for a 15-minute alert to fire.</summary>
    public static readonly TimeSpan Age = TimeSpan.FromMinutes(40);

    private static readonly ResourceKind[] AppKinds =
    [
        ResourceKinds.Deployment, ResourceKinds.StatefulSet, ResourceKinds.DaemonSet, ResourceKinds.CronJob, ResourceKinds.Job,
        ResourceKinds.Service, ResourceKinds.ServiceAccount, ResourceKinds.HorizontalPodAutoscaler,
    ];

    private readonly List<string> evidence = [];

    public ClusterBuilder B { get; } = builder;

    public string Namespace { get; } = ns;

    public DateTimeOffset Now => B.Now;

    /// <summary>When the fault began.</summary>
    public DateTimeOffset Since => B.Now - Age;

    public void Note(string text) => evidence.Add(text);

    /// <summary>The notes so far.</summary>
    public IReadOnlyList<string> Evidence => evidence.ToArray();

    /// <summary>A name no application object in the namespace has yet: <paramref name="preferred"/>, else <c>preferred-2</c>...</summary>
    public string FreeName(string preferred)
    {
        var name = preferred;
        for (var i = 2; AppKinds.Any(k => B.Exists(k, Namespace, name)) || B.Exists(ResourceKinds.ConfigMap, Namespace, name + "-config"); i++)
        {
            name = $"{preferred}-{i.ToString(CultureInfo.InvariantCulture)}";
        }

        return name;
    }

    /// <summary>A healthy application plan under a free name, deployed days ago and not touched in the last hour.</summary>
    public AppPlan App(string preferred, int replicas, string? image = null, bool config = true, bool secret = true)
    {
        var plan = Apps.Plan(B, Namespace, FreeName(preferred), config, secret, image: image);
        plan.Replicas = replicas;
        plan.Created = Now.AddDays(-20);
        plan.RolledOut = Now.AddDays(-2);
        return plan;
    }

    /// <summary>A plan rolled out when the fault began (the fault adds the pods' events as their state calls for).</summary>
    public AppPlan FreshApp(string preferred, int replicas, string? image = null, bool config = true, bool secret = true)
    {
        var plan = App(preferred, replicas, image, config, secret);
        plan.RolledOut = Since;
        return plan;
    }

    public InjectedFault Done(ResourceRef culprit, ResourceRef alertTarget, IReadOnlyDictionary<string, string> alertLabels) =>
        new(category, culprit, alertTarget, alertLabels, evidence.ToArray());

    public static ResourceRef Ref(JsonObject obj) => new(K8sJson.Kind(obj), K8sJson.Namespace(obj), K8sJson.Name(obj));
}
