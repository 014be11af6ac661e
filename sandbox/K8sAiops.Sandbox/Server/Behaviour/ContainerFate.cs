namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>What happens to a container of a new pod, as the kubelet would find out: it runs, or the first of its faults.</summary>
internal abstract record ContainerFate
{
    public static readonly ContainerFate Runs = new Running();

    public bool IsRunning => this is Running;

    /// <summary>Pulled, created, started, ready.</summary>
    public sealed record Running : ContainerFate;

    /// <summary>The image cannot be pulled: waiting in ImagePullBackOff.</summary>
    public sealed record ImagePullBackOff(string Image) : ContainerFate;

    /// <summary>The kubelet cannot build the container's config (a missing ConfigMap, Secret or key): CreateContainerConfigError.</summary>
    public sealed record ConfigError(string Message) : ContainerFate;

    /// <summary>Each run ends with <paramref name="ExitCode"/> (137 and OOMKilled for the memory limit): CrashLoopBackOff.</summary>
    public sealed record Crashes(int ExitCode, string Reason, string? Message) : ContainerFate;
}
