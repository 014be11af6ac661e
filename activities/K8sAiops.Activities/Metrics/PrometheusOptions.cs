namespace K8sAiops.Activities.Metrics;

/// <summary>Where Prometheus is. Bound from <c>Collect:Prometheus</c>; its calls' resilience from <c>Collect:Prometheus:Resilience</c>.</summary>
public sealed class PrometheusOptions
{
    public const string Section = "Collect:Prometheus";

    /// <summary>Prometheus' base URL, e.g. <c>http://prometheus.monitoring:9090/</c> (a path prefix is kept).</summary>
    /// <value>Unset: metrics are not collected.</value>
    public Uri? Url { get; set; }

    /// <summary>True when <see cref="Url"/> is set, so metrics can be collected.</summary>
    public bool Enabled => Url is not null;
}
