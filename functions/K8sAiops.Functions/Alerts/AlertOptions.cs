using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Functions.Alerts;

/// <summary>The Alertmanager webhook (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Largest webhook body accepted; larger ones get 413. <value>Default 1 MiB.</value></summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}
