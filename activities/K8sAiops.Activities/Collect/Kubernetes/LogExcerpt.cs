using System.Text.RegularExpressions;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// Cuts a container log down to what a person reads first: the lines that look like errors, then the last
/// lines for context.
/// </summary>
internal static partial class LogExcerpt
{
    /// <summary>Words and level markers that make a line worth reading first (English log conventions, klog's E/F prefixes, JSON levels).</summary>
    [GeneratedRegex(
        """
        (?ix)
        \b(error|errors|err|exception|fatal|panic|panicked|fail|failed|failure|refused|denied|forbidden|unauthorized|
           timeout|timed\s+out|deadline\s+exceeded|unreachable|no\s+such\s+host|not\s+found|cannot|can't|could\s+not|unable|
           killed|oom|out\s+of\s+memory|no\s+space\s+left|traceback|segmentation\s+fault|crash|crashed|invalid|missing)\b
        | ^[EF]\d{4}\s
        | "level"\s*:\s*"(error|fatal|critical|crit|panic)"
        | \blevel=(error|fatal|critical|crit|panic)\b
        """)]
    private static partial Regex ErrorLine();

    public static bool IsErrorLine(string line) => ErrorLine().IsMatch(line);

    /// <summary>
    /// Splits <paramref name="lines"/> (oldest first) into the last <paramref name="maxErrorLines"/> error lines and
    /// the last <paramref name="maxTailLines"/> other lines, each cut to <paramref name="maxLineLength"/> characters.
    /// </summary>
    public static (List<string> Errors, List<string> Tail, bool Truncated) Cut(
        IReadOnlyList<string> lines, int maxErrorLines, int maxTailLines, int maxLineLength)
    {
        var errorIndexes = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (IsErrorLine(lines[i]))
                errorIndexes.Add(i);
        }
        var keptErrors = errorIndexes.Skip(Math.Max(0, errorIndexes.Count - maxErrorLines)).ToHashSet();

        var tail = new List<int>();
        for (var i = lines.Count - 1; i >= 0 && tail.Count < maxTailLines; i--)
        {
            if (!keptErrors.Contains(i))
                tail.Add(i);
        }
        tail.Reverse();

        var truncated = keptErrors.Count + tail.Count < lines.Count;
        string Clip(int i)
        {
            var line = lines[i];
            if (line.Length <= maxLineLength)
                return line;
            truncated = true;
            return string.Concat(line.AsSpan(0, maxLineLength), " …");
        }

        var errors = keptErrors.Order().Select(Clip).ToList();
        var tailLines = tail.Select(Clip).ToList();
        return (errors, tailLines, truncated);
    }
}
