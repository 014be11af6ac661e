namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// The shape of a generated healthy cluster. The same options (seed included) always give the same snapshot.
/// </summary>
public sealed record SyntheticClusterOptions
{
    /// <summary>The moment the snapshot shows; every timestamp in it is relative to this.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Seeds names, IPs, ages and log contents. <value>Default 1.</value></summary>
    public int Seed { get; init; } = 1;

    /// <summary>Worker nodes, named <c>worker-1</c>... <value>Default 3; at least 1.</value></summary>
    public int Nodes { get; init; } = 3;

    /// <summary>Application namespaces (besides default, kube-system, kube-public, kube-node-lease and monitoring). <value>Default 2.</value></summary>
    public int Namespaces { get; init; } = 2;

    /// <summary>Deployments in each application namespace, each with a Service, ConfigMap, Secret and ServiceAccount. <value>Default 3.</value></summary>
    public int DeploymentsPerNamespace { get; init; } = 3;

    /// <summary>Pods of each application Deployment. <value>Default 2.</value></summary>
    public int ReplicasPerDeployment { get; init; } = 2;

    /// <summary>Single-replica StatefulSets (postgres, redis, rabbitmq...) with a bound claim, in each application namespace. <value>Default 1.</value></summary>
    public int StatefulSetsPerNamespace { get; init; } = 1;

    /// <summary>
    /// CoreDNS and kube-proxy in kube-system, kube-state-metrics (two shards) in monitoring, their ClusterRoleBindings, the
    /// kubernetes Service in default. <value>Default true.</value>
    /// </summary>
    public bool SystemWorkloads { get; init; } = true;

    /// <summary>
    /// Red herrings for diagnosis tests: a Warning event from days ago that has since recovered, a completed migration Job,
    /// and a pod that restarted once days ago and has run fine since. <value>Default false.</value>
    /// </summary>
    public bool Noise { get; init; }

    /// <summary>Lines in each application container's log. <value>Default 5.</value></summary>
    public int LogLinesPerContainer { get; init; } = 5;

    /// <summary>
    /// The exact number of pods <see cref="SyntheticCluster.Generate"/> makes: the application Deployments' and StatefulSets'
    /// pods, one kube-proxy per node plus two CoreDNS and two kube-state-metrics shards (with system workloads), the
    /// CronJob's completed Job pod (with at least one application namespace), and the migration Job's pod (with noise).
    /// </summary>
    public int PodCount =>
        (Namespaces * ((DeploymentsPerNamespace * ReplicasPerDeployment) + StatefulSetsPerNamespace))
        + (SystemWorkloads ? Nodes + 4 : 0)
        + (Namespaces > 0 ? 1 : 0)
        + (Noise && Namespaces > 0 ? 1 : 0);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Nodes, 1, nameof(Nodes));
        ArgumentOutOfRangeException.ThrowIfNegative(Namespaces, nameof(Namespaces));
        ArgumentOutOfRangeException.ThrowIfNegative(DeploymentsPerNamespace, nameof(DeploymentsPerNamespace));
        ArgumentOutOfRangeException.ThrowIfNegative(ReplicasPerDeployment, nameof(ReplicasPerDeployment));
        ArgumentOutOfRangeException.ThrowIfNegative(StatefulSetsPerNamespace, nameof(StatefulSetsPerNamespace));
        ArgumentOutOfRangeException.ThrowIfNegative(LogLinesPerContainer, nameof(LogLinesPerContainer));
    }
}
