using System.Text;
using System.Text.RegularExpressions;

namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// The log sections of a dump: kubectl wraps each container's log in
/// <c>==== START logs for container C of pod NS/POD ====</c> and <c>==== END logs for container C of pod NS/POD ====</c>,
/// writing the log bytes between them as they came (so the END marker follows the last byte, newline or not).
/// </summary>
/// <remarks>
/// kubectl dumps only current logs. A single-stream dump written by this project carries previous logs
/// (<c>kubectl logs --previous</c>) under the same markers with <c>previous logs</c> in place of <c>logs</c>;
/// in the directory form they live in <c>logs-previous.txt</c> under the plain markers.
/// </remarks>
internal static partial class LogSections
{
    public static string StartMarker(ContainerLogKey key, bool namePrevious) =>
        $"==== START {Logs(key, namePrevious)} for container {key.Container} of pod {key.Namespace}/{key.Pod} ====";

    public static string EndMarker(ContainerLogKey key, bool namePrevious) =>
        $"==== END {Logs(key, namePrevious)} for container {key.Container} of pod {key.Namespace}/{key.Pod} ====";

    /// <summary>Writes one section as kubectl does: the START line, the log as it is, the END line.</summary>
    public static void Write(TextWriter writer, ContainerLogKey key, string log, bool namePrevious)
    {
        writer.Write(StartMarker(key, namePrevious));
        writer.Write('\n');
        writer.Write(log);
        writer.Write(EndMarker(key, namePrevious));
        writer.Write('\n');
    }

    /// <summary>
    /// Reads the section starting at <paramref name="position"/> (the start of a <c>==== START</c> line) and moves
    /// <paramref name="position"/> past its END line. <paramref name="line"/> is the 1-based line at <paramref name="position"/>
    /// and is advanced with it.
    /// </summary>
    public static (ContainerLogKey Key, string Log) Read(ReadOnlySpan<byte> data, ref int position, ref int line, string file, bool previousFile)
    {
        var lineEnd = data[position..].IndexOf((byte)'\n');
        var startLineBytes = lineEnd < 0 ? data[position..] : data.Slice(position, lineEnd);
        var startLine = Encoding.UTF8.GetString(startLineBytes).TrimEnd('\r');
        var match = StartLine().Match(startLine);
        if (!match.Success)
        {
            var problem = startLine.StartsWith("==== END", StringComparison.Ordinal)
                ? $"'{startLine}' ends a log section that was never started"
                : $"'{startLine}' is not a log section marker; expected '==== START logs for container C of pod NAMESPACE/POD ===='";
            throw new SnapshotFormatException(file, problem, line, 1);
        }

        var key = new ContainerLogKey(match.Groups["ns"].Value, match.Groups["pod"].Value, match.Groups["container"].Value,
            previousFile || match.Groups["previous"].Success);
        var contentStart = lineEnd < 0 ? data.Length : position + lineEnd + 1;
        var endMarker = Encoding.UTF8.GetBytes(EndMarker(key, match.Groups["previous"].Success));
        var endOffset = data[contentStart..].IndexOf(endMarker);
        if (endOffset < 0)
        {
            throw new SnapshotFormatException(file,
                $"the log section for container {key.Container} of pod {key.Namespace}/{key.Pod} is not terminated: " +
                $"no '{Encoding.UTF8.GetString(endMarker)}' line follows", line, 1);
        }

        var log = Encoding.UTF8.GetString(data.Slice(contentStart, endOffset));
        var next = contentStart + endOffset + endMarker.Length;
        line += data[position..next].Count((byte)'\n');
        position = next;
        return (key, log);
    }

    private static string Logs(ContainerLogKey key, bool namePrevious) => namePrevious && key.Previous ? "previous logs" : "logs";

    [GeneratedRegex(@"^==== START (?<previous>previous )?logs for container (?<container>\S+) of pod (?<ns>[^/\s]+)/(?<pod>\S+) ====$", RegexOptions.CultureInvariant)]
    private static partial Regex StartLine();
}
