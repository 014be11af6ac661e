namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// Which cluster the collectors read (configuration section <c>Collect:Kubernetes</c>).
/// </summary>
/// <remarks>
/// With no <see cref="Kubeconfig"/> the collectors use, in order, the <c>KUBECONFIG</c> environment variable,
/// <c>~/.kube/config</c>, and the in-cluster service account (when the host runs in a pod).
/// </remarks>
public sealed class KubernetesOptions
{
    public const string SectionName = "Collect:Kubernetes";

    /// <summary>Path of a kubeconfig file. <value>Default: none (see remarks).</value></summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context used when an alert does not name one. <value>Default: the kubeconfig's current-context.</value></summary>
    public string? Context { get; set; }

    /// <summary>
    /// The alert label whose value names the kubeconfig context of the cluster the alert came from, for one
    /// host serving several clusters. <value>Default <c>cluster</c>.</value>
    /// </summary>
    public string ClusterLabel { get; set; } = "cluster";
}
