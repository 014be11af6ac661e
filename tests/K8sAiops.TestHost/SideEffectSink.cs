using System.Text;

namespace K8sAiops.TestHost;

/// <summary>
/// A file every activity appends one line to when its side effect happens, shared by all host processes of a test.
/// Each line is written with one append call (O_APPEND), so lines from concurrent processes never interleave.
/// </summary>
public sealed class SideEffectSink(string? path)
{
    private readonly Lock _lock = new();

    public void Record(string activity, K8sAiops.Durable.TaskActivityContext context, string value)
    {
        if (path is null)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes($"{activity}\t{context.IdempotencyKey}\t{value}\n");
        lock (_lock)
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(bytes);
        }
    }

    /// <summary>Reads a sink file: (activity, idempotency key, value) per line.</summary>
    public static IReadOnlyList<(string Activity, string Key, string Value)> Read(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(p => (p[0], p[1], p[2])).ToList()
            : [];
}
