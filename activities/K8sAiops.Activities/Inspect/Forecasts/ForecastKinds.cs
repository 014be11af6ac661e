namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>What a forecast is about, as <see cref="Forecast.Kind"/> spells it.</summary>
public static class ForecastKinds
{
    /// <summary>A PersistentVolumeClaim's used bytes reaching its capacity.</summary>
    public const string PvcFull = "pvc-full";

    /// <summary>A container's working set reaching its memory limit (the resource is its pod).</summary>
    public const string MemoryLimit = "memory-limit";

    /// <summary>The working set of a node's containers reaching the node's allocatable memory.</summary>
    public const string NodeHeadroom = "node-headroom";

    /// <summary>A node's used memory (total − available) reaching its total; drives the <c>node-memory-trend</c> check and is not listed in the report.</summary>
    public const string NodeMemory = "node-memory";

    /// <summary>A node's root filesystem filling up; drives the <c>node-disk-trend</c> check and is not listed in the report.</summary>
    public const string NodeDisk = "node-disk";

    /// <summary>The kinds the report lists (<see cref="InspectionReport.Forecasts"/>).</summary>
    public static IReadOnlyList<string> Reported { get; } = [PvcFull, MemoryLimit, NodeHeadroom];

    /// <summary>How a forecast names its object when the caller gives no words: "PVC shop/data-postgres-0", "Node worker-1".</summary>
    public static string Subject(string kind, FindingResource resource) => kind switch
    {
        PvcFull => $"PVC {resource.Namespace}/{resource.Name}",
        MemoryLimit => $"Pod {resource.Namespace}/{resource.Name}",
        NodeDisk => $"The root filesystem of node {resource.Name}",
        _ when resource.Namespace.Length == 0 => $"{resource.Kind} {resource.Name}",
        _ => $"{resource.Kind} {resource.Namespace}/{resource.Name}",
    };

    /// <summary>What happens at the limit, after the subject: "is full", "reaches its memory limit".</summary>
    public static string Outcome(string kind) => kind switch
    {
        PvcFull or NodeDisk => "is full",
        MemoryLimit => "reaches its memory limit",
        NodeHeadroom => "runs out of allocatable memory",
        NodeMemory => "runs out of memory",
        _ => "reaches its limit",
    };
}
