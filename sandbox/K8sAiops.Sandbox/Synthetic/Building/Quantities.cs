using System.Globalization;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Just enough of Kubernetes resource quantities for quotas: CPU in millicores, memory in bytes.</summary>
internal static class Quantities
{
    public static long CpuMillis(string? quantity)
    {
        if (string.IsNullOrEmpty(quantity))
        {
            return 0;
        }

        return quantity.EndsWith('m')
            ? long.Parse(quantity[..^1], CultureInfo.InvariantCulture)
            : (long)(decimal.Parse(quantity, CultureInfo.InvariantCulture) * 1000);
    }

    public static long Bytes(string? quantity)
    {
        if (string.IsNullOrEmpty(quantity))
        {
            return 0;
        }

        (string Suffix, long Factor)[] units = [("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("k", 1000), ("M", 1000_000), ("G", 1000_000_000)];
        foreach (var (suffix, factor) in units)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (long)(decimal.Parse(quantity[..^suffix.Length], CultureInfo.InvariantCulture) * factor);
            }
        }

        return long.Parse(quantity, CultureInfo.InvariantCulture);
    }

    /// <summary>Millicores as the API prints them: whole cores without a suffix, else <c>NNNm</c>.</summary>
    public static string Cpu(long millis) =>
        millis % 1000 == 0 ? (millis / 1000).ToString(CultureInfo.InvariantCulture) : millis.ToString(CultureInfo.InvariantCulture) + "m";

    /// <summary>Bytes in the largest binary unit that divides them (Gi, Mi, Ki).</summary>
    public static string Memory(long bytes)
    {
        foreach (var (suffix, factor) in new[] { ("Gi", 1L << 30), ("Mi", 1L << 20), ("Ki", 1L << 10) })
        {
            if (bytes != 0 && bytes % factor == 0)
            {
                return (bytes / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
