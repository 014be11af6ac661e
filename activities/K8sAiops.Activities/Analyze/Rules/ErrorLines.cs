using System.Text.RegularExpressions;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>Picks the error line that says what went wrong: the exception line rather than a traceback header or a source line.</summary>
internal static partial class ErrorLines
{
    /// <summary>
    /// The last line shaped like <c>Name: message</c> (<c>Error: ...</c>, <c>django.db.utils.ProgrammingError: ...</c>), else the
    /// first line that is neither indented nor a traceback header; null when <paramref name="lines"/> is empty.
    /// </summary>
    public static (EvidenceLog Log, string Line)? Best(IEnumerable<(EvidenceLog Log, string Line)> lines)
    {
        var candidates = lines.Where(x => x.Line.Length > 0 && !char.IsWhiteSpace(x.Line[0])
                                          && !x.Line.StartsWith("Traceback", StringComparison.Ordinal)
                                          && !x.Line.StartsWith("The above exception", StringComparison.Ordinal)).ToList();
        var named = candidates.LastOrDefault(x => Exception().IsMatch(x.Line));
        if (named.Log is not null)
            return named;
        return candidates.Count > 0 ? candidates[0] : lines.Select(x => ((EvidenceLog, string)?)x).FirstOrDefault();
    }

    [GeneratedRegex(@"^[A-Za-z_][\w.]*: \S")]
    private static partial Regex Exception();
}
