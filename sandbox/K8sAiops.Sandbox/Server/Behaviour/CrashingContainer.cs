using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// A container definition that exits with <see cref="ExitCode"/> soon after it starts, so it backs off in
/// CrashLoopBackOff. It matches while the container's image, <c>command</c>, <c>args</c> and <c>env</c> are the ones
/// recorded here (a missing list equals an empty one); changing any of them (a rollback, a fixed variable) makes it run.
/// A restart, which only changes the template's annotations, does not.
/// </summary>
/// <param name="Image">The container's image.</param>
public sealed record CrashingContainer(string Image)
{
    /// <summary>The pod's namespace; null for any.</summary>
    public string? Namespace { get; init; }

    /// <summary>The name of the pod's top-level owner (see <see cref="MemoryNeed.Workload"/>); null for any.</summary>
    public string? Workload { get; init; }

    /// <summary>The container's name; null for any.</summary>
    public string? Container { get; init; }

    /// <summary>The container's <c>command</c>; null when it has none.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The container's <c>args</c>; null when it has none.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>The container's <c>env</c>, as in the pod spec; null when it has none.</summary>
    public JsonArray? Env { get; init; }

    /// <summary>The exit code of each run. <value>1.</value></summary>
    public int ExitCode { get; init; } = 1;

    /// <summary>The reason of each termination (<c>Error</c>, or <c>StartError</c> when the runtime cannot start it). <value><c>Error</c>.</value></summary>
    public string Reason { get; init; } = "Error";

    /// <summary>The termination message (e.g. a StartError's runtime error); null for none.</summary>
    public string? Message { get; init; }

    /// <summary>Where the entry comes from, for people reading the fault file.</summary>
    public string? Note { get; init; }
}
