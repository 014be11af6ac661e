using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// Decides, for a container of a pod being started, what the kubelet would see, in the order it would see it: the image
/// pull (<see cref="FaultModel.BadImages"/>), the container's config (<see cref="MissingReferences"/>), a crash at start
/// (<see cref="FaultModel.CrashingContainers"/>), then the memory limit (<see cref="FaultModel.MemoryNeeds"/>).
/// </summary>
internal sealed class FaultEvaluator(FaultModel model)
{
    public static readonly FaultEvaluator None = new(new FaultModel());

    /// <summary>The entries consulted, in order.</summary>
    public FaultModel Model { get; } = model;

    /// <summary>
    /// The explicit entries, then the derived ones that no explicit entry of the same scope covers (so an explicit need
    /// overrides a derived one for the same container).
    /// </summary>
    public static FaultEvaluator Compose(FaultModel explicitEntries, FaultModel derived)
    {
        var model = new FaultModel();
        model.Add(explicitEntries);
        model.MemoryNeeds.AddRange(derived.MemoryNeeds.Where(d => !explicitEntries.MemoryNeeds.Any(e =>
            e.Namespace == d.Namespace && e.Workload == d.Workload && e.Container == d.Container && e.Image == d.Image)));
        model.BadImages.AddRange(derived.BadImages.Where(d => !explicitEntries.BadImages.Any(e => e.Image == d.Image && (e.Namespace ?? d.Namespace) == d.Namespace)));
        model.CrashingContainers.AddRange(derived.CrashingContainers.Where(d => !explicitEntries.CrashingContainers.Any(e =>
            e.Namespace == d.Namespace && e.Workload == d.Workload && e.Container == d.Container && e.Image == d.Image)));
        return new FaultEvaluator(model);
    }

    public ContainerFate Judge(StoreTransaction tx, string ns, string workload, JsonObject container)
    {
        var name = container.StringAt("name");
        var image = container.StringAt("image") ?? "";
        if (Model.BadImages.Any(b => b.Image == image && In(b.Namespace, ns)))
        {
            return new ContainerFate.ImagePullBackOff(image);
        }

        if (MissingReferences.FirstError(tx, ns, container) is { } configError)
        {
            return new ContainerFate.ConfigError(configError);
        }

        if (Model.CrashingContainers.FirstOrDefault(c => In(c.Namespace, ns) && In(c.Workload, workload) && In(c.Container, name)
            && ContainerSignature.Matches(c, container)) is { } crash)
        {
            return new ContainerFate.Crashes(crash.ExitCode, crash.Reason, crash.Message);
        }

        if (MemoryNeedOf(ns, workload, name, image) is { } need
            && MemoryLimit(container) is { } limit
            && limit < Quantity.Parse(need.Memory))
        {
            return new ContainerFate.Crashes(137, "OOMKilled", null);
        }

        return ContainerFate.Runs;
    }

    /// <summary>The first memory need that covers a container of <paramref name="workload"/> in <paramref name="ns"/>, or null.</summary>
    public MemoryNeed? MemoryNeedOf(string ns, string workload, string? container, string image) =>
        Model.MemoryNeeds.FirstOrDefault(n => In(n.Namespace, ns) && In(n.Workload, workload) && In(n.Container, container) && In(n.Image, image));

    /// <summary>The container's memory limit in bytes, or null when it has none.</summary>
    public static double? MemoryLimit(JsonObject container) =>
        container["resources"]?["limits"]?["memory"] is JsonValue value ? Quantity.Parse(value.ToString()) : null;

    private static bool In(string? scope, string? value) => scope is null || scope == value;
}
