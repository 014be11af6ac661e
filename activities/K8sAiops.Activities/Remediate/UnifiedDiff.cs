using System.Globalization;
using System.Text;

namespace K8sAiops.Activities.Remediate;

/// <summary>A unified diff of two texts by lines (longest common subsequence), with a few lines of context per hunk.</summary>
internal static class UnifiedDiff
{
    public static string Create(string before, string after, string beforeName, string afterName, int context = 3)
    {
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        if (edits.All(e => e.Op == ' '))
            return "";

        var text = new StringBuilder();
        text.Append("--- ").Append(beforeName).Append('\n').Append("+++ ").Append(afterName).Append('\n');
        var i = 0;
        while (i < edits.Count)
        {
            var firstChange = edits.FindIndex(i, e => e.Op != ' ');
            if (firstChange < 0)
                break;
            var start = Math.Max(i, firstChange - context);
            // A hunk runs until more than twice the context of unchanged lines separate it from the next change.
            var end = firstChange;
            var quiet = 0;
            for (var k = firstChange; k < edits.Count; k++)
            {
                if (edits[k].Op == ' ')
                {
                    if (++quiet > 2 * context)
                        break;
                }
                else
                {
                    quiet = 0;
                    end = k;
                }
            }
            var stop = Math.Min(edits.Count, end + context + 1);
            var hunk = edits.GetRange(start, stop - start);
            var oldStart = hunk[0].OldLine;
            var newStart = hunk[0].NewLine;
            var oldCount = hunk.Count(e => e.Op != '+');
            var newCount = hunk.Count(e => e.Op != '-');
            text.Append(CultureInfo.InvariantCulture, $"@@ -{(oldCount == 0 ? oldStart - 1 : oldStart)},{oldCount} +{(newCount == 0 ? newStart - 1 : newStart)},{newCount} @@\n");
            foreach (var edit in hunk)
                text.Append(edit.Op).Append(edit.Text).Append('\n');
            i = stop;
        }
        return text.ToString();
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    private sealed record Edit(char Op, string Text, int OldLine, int NewLine);

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var x = a.Length - 1; x >= 0; x--)
        {
            for (var y = b.Length - 1; y >= 0; y--)
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
        }
        var edits = new List<Edit>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j])
            {
                edits.Add(new Edit(' ', a[i], i + 1, j + 1));
                i++;
                j++;
            }
            else if (i < a.Length && (j == b.Length || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                edits.Add(new Edit('-', a[i], i + 1, j + 1));
                i++;
            }
            else
            {
                edits.Add(new Edit('+', b[j], i + 1, j + 1));
                j++;
            }
        }
        return edits;
    }
}
