namespace K8sAiops.Activities.Resilience;

/// <summary>
/// The remotes the activities call. Each has its own <see cref="RemoteCallOptions"/> under
/// <c>Collect:{name}:Resilience</c> and its own pipeline (so one failing remote never opens another's circuit).
/// </summary>
public static class RemoteCallNames
{
    public const string Kubernetes = "Kubernetes";
    public const string Prometheus = "Prometheus";
    public const string Loki = "Loki";

    public static IReadOnlyList<string> All { get; } = [Kubernetes, Prometheus, Loki];

    /// <summary>The configuration section a remote's resilience options are bound from.</summary>
    public static string ResilienceSection(string name) => $"Collect:{name}:Resilience";
}
