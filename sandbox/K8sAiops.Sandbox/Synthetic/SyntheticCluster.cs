using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// Generates realistic healthy clusters: nodes, namespaces, application Deployments with their ReplicaSets, pods,
/// Services, Endpoints, configuration and logs, StatefulSets with bound volumes, a DaemonSet, a CronJob and its
/// completed Job, quotas, autoscalers, an Ingress, the system components' ClusterRoleBindings, and the Normal events of
/// recent rollouts. Applications mount no ServiceAccount token; the inspection's checks find nothing in it.
/// </summary>
public static class SyntheticCluster
{
    /// <summary>A healthy cluster shaped by <paramref name="options"/>, identical for identical options.</summary>
    public static ClusterSnapshot Generate(SyntheticClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var b = ClusterBuilder.New(options.Now, options.Seed);
        var maxPods = Math.Max(110, (options.PodCount / options.Nodes * 6 / 5) + 10);
        for (var i = 1; i <= options.Nodes; i++)
        {
            b.Add(Nodes.Create(b, i, maxPods));
        }

        var clusterCreated = b.Now.AddDays(-30).AddHours(-1);
        Storage.StorageClass(b, Storage.DefaultClass, clusterCreated);
        foreach (var ns in SystemNamespaces.Names(options.SystemWorkloads))
        {
            NamespaceBasics.Add(b, ns, clusterCreated);
        }

        if (options.SystemWorkloads)
        {
            SystemNamespaces.AddWorkloads(b, clusterCreated);
        }

        var appNamespaces = Enumerable.Range(0, options.Namespaces).Select(AppNamespace.Name).ToList();
        for (var i = 0; i < appNamespaces.Count; i++)
        {
            AppNamespace.Add(b, appNamespaces[i], i, options);
        }

        if (options.Noise && appNamespaces.Count > 0)
        {
            Noise.Add(b, appNamespaces[0]);
        }

        return b.Snapshot;
    }
}
