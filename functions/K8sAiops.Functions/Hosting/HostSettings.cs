namespace K8sAiops.Functions.Hosting;

/// <summary>What a CLI verb or a test decides about the host before it is built.</summary>
public sealed record HostSettings
{
    /// <summary>Where <c>local.settings.json</c> is looked for. <value>Default: the current directory.</value></summary>
    public string? ContentRoot { get; init; }

    /// <summary>Settings from the command line; they win over <c>local.settings.json</c> and the environment.</summary>
    public IReadOnlyDictionary<string, string?> CommandLine { get; init; } = new Dictionary<string, string?>();

    /// <summary>The host environment name. <value>Default: ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT, else Production.</value></summary>
    public string? EnvironmentName { get; init; }
}
