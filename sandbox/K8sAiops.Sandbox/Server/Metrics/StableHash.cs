using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>Numbers that look varied across objects but are the same on every scrape and every run: derived from a key's SHA-256.</summary>
internal static class StableHash
{
    /// <summary>A number in [<paramref name="low"/>, <paramref name="high"/>] that depends only on <paramref name="key"/>.</summary>
    public static double Between(string key, double low, double high)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var unit = BinaryPrimitives.ReadUInt64BigEndian(hash) / (double)ulong.MaxValue;
        return low + ((high - low) * unit);
    }
}
