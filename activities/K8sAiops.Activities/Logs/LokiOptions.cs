namespace K8sAiops.Activities.Logs;

/// <summary>Where Loki is. Bound from <c>Collect:Loki</c>; its calls' resilience from <c>Collect:Loki:Resilience</c>.</summary>
public sealed class LokiOptions
{
    public const string Section = "Collect:Loki";

    /// <summary>Loki's base URL, e.g. <c>http://loki-gateway.monitoring/</c> (a path prefix is kept).</summary>
    /// <value>Unset: logs are read from the Kubernetes API only.</value>
    public Uri? Url { get; set; }

    /// <summary>The tenant sent as <c>X-Scope-OrgID</c> to a multi-tenant Loki.</summary>
    /// <value>Unset: no tenant header.</value>
    public string? TenantId { get; set; }

    /// <summary>True when <see cref="Url"/> is set, so Loki can be queried.</summary>
    public bool Enabled => Url is not null;
}
