namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>How a strategic merge patch treats a list, by where the list sits.</summary>
internal enum ListStrategy
{
    /// <summary>The patch's list replaces the original (lists without a patch strategy, e.g. <c>args</c>, <c>tolerations</c>).</summary>
    Replace,

    /// <summary>Items are objects merged by a merge key (e.g. containers by <c>name</c>).</summary>
    MergeByKey,

    /// <summary>A list of scalars merged as a set (e.g. <c>metadata.finalizers</c>).</summary>
    MergePrimitives,
}

/// <summary>
/// The <c>patchStrategy</c>/<c>patchMergeKey</c> tags of the Kubernetes API types for the lists remediation touches.
/// A list is identified by its field name and, where the name is ambiguous, its parent's: <c>ports</c> of a container
/// merges by <c>containerPort</c>, a Service's by <c>port</c>.
/// </summary>
internal static class MergeKeys
{
    private static readonly HashSet<string> ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    private static readonly Dictionary<string, string> ByField = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["env"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["hostAliases"] = "ip",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
        ["schedulingGates"] = "name",
    };

    /// <summary>The strategy and merge key of the list at <paramref name="field"/> whose parent object sits at <paramref name="parentField"/>.</summary>
    public static (ListStrategy Strategy, string? Key) For(string? parentField, string field)
    {
        if (field == "ports")
        {
            return (ListStrategy.MergeByKey, parentField is not null && ContainerLists.Contains(parentField) ? "containerPort" : "port");
        }

        if (field == "finalizers")
        {
            return (ListStrategy.MergePrimitives, null);
        }

        return ByField.TryGetValue(field, out var key) ? (ListStrategy.MergeByKey, key) : (ListStrategy.Replace, null);
    }
}
