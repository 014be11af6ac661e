using System.Text;

namespace K8sAiops.Durable.Storage;

/// <summary>Instance-to-partition mapping of DurableTask.AzureStorage: FNV-1a 32-bit over the UTF-8 id.</summary>
public static class Partitioning
{
    public static uint Fnv1a(string value)
    {
        const uint offset = 2166136261;
        const uint prime = 16777619;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= prime;
        }

        return hash;
    }

    public static int PartitionOf(string instanceId, int partitionCount) => (int)(Fnv1a(instanceId) % (uint)partitionCount);
}
