using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>The printer for each kind; kinds without one get <see cref="GenericTable"/> (NAME, AGE).</summary>
internal static class TablePrinters
{
    private static readonly GenericTable Generic = new();

    private static readonly Dictionary<string, ITablePrinter> ByKind = new(StringComparer.Ordinal)
    {
        ["Pod"] = new PodTable(),
        ["Event"] = new EventTable(),
        ["Deployment"] = new DeploymentTable(),
        ["ReplicaSet"] = new ReplicaSetTable(),
        ["StatefulSet"] = new StatefulSetTable(),
        ["Node"] = new NodeTable(),
        ["Namespace"] = new NamespaceTable(),
        ["Service"] = new ServiceTable(),
    };

    public static ITablePrinter For(ResourceKind kind) => ByKind.GetValueOrDefault(kind.Kind, Generic);
}
