using System.Globalization;
using System.Text.RegularExpressions;

namespace K8sAiops.Sandbox.Server.Logs;

/// <summary>
/// One line of a container log: its text (with its line break, if it had one) and its time. A line that starts with an
/// RFC 3339 timestamp and a space (what the kubelet stores and <c>kubectl logs --timestamps</c> prints) is dated by
/// that timestamp, which is then not part of the text; any other line takes the time of the line before it, and the
/// first lines, before any timestamp, the time the container started.
/// </summary>
internal sealed partial record LogLine(string Text, DateTimeOffset Time, string? OriginalTimestamp)
{
    /// <summary>Splits <paramref name="log"/> into dated lines; <paramref name="start"/> dates the lines before the first timestamp.</summary>
    public static List<LogLine> Parse(string log, DateTimeOffset start)
    {
        var lines = new List<LogLine>();
        var time = start;
        var at = 0;
        while (at < log.Length)
        {
            var end = log.IndexOf('\n', at);
            var line = end < 0 ? log[at..] : log[at..(end + 1)];
            at = end < 0 ? log.Length : end + 1;
            string? stamp = null;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && TryParseTimestamp(line[..space], out var parsed))
            {
                stamp = line[..space];
                time = parsed;
                line = line[(space + 1)..];
            }

            lines.Add(new LogLine(line, time, stamp));
        }

        return lines;
    }

    /// <summary>The line's timestamp as the kubelet prints it with <c>timestamps=true</c>: the original text when it had one, else RFC 3339 with nanoseconds in UTC.</summary>
    public string Timestamp => OriginalTimestamp ?? Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses RFC 3339 with up to nine fractional digits (more than .NET's seven are truncated).</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset time)
    {
        time = default;
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var normalized = match.Groups["seconds"].Value
            + (fraction.Length > 0 ? "." + fraction[..Math.Min(7, fraction.Length)] : "")
            + (match.Groups["zone"].Value is "Z" or "z" ? "+00:00" : match.Groups["zone"].Value);
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<zone>[Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
