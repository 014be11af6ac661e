using System.Globalization;

namespace K8sAiops.Activities.Inspect.Report;

/// <summary>
/// The words and numbers the Markdown and the HTML report share, so both say the same thing the same way: times in UTC,
/// signed score changes, durations, forecast ranges and the per-severity and per-group counts. Plain text, not escaped.
/// </summary>
internal static class ReportText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", Invariant);

    public static string Number(double value) => value.ToString("0.#", Invariant);

    public static string Signed(int value) => value switch
    {
        > 0 => $"+{value.ToString(Invariant)}",
        < 0 => $"\u2212{(-value).ToString(Invariant)}",
        _ => "\u00b10",
    };

    /// <summary>The object a finding is about, or the namespace row's name (empty for the cluster-scoped findings).</summary>
    public static string Object(FindingResource resource) => resource.ToString();

    /// <summary>An object without its kind, for chart labels where the kind is said elsewhere.</summary>
    public static string Qualified(FindingResource resource) =>
        resource.Namespace.Length == 0 ? resource.Name : $"{resource.Namespace}/{resource.Name}";

    public static string NamespaceName(string name) => name.Length == 0 ? "(cluster-scoped)" : name;

    /// <summary>A finding's status as a person reads it: an accepted one says why and until when.</summary>
    public static string Status(InspectionFinding finding) => finding.Accepted is { } accepted
        ? $"{finding.Status}: {accepted.Reason}{(accepted.Expires is { } expires ? $" (until {Day(expires)})" : "")}"
        : finding.Status;

    /// <summary>The change since the previous run in one sentence, or that this is the first run.</summary>
    public static string Change(InspectionReport report)
    {
        var fresh = report.Findings.Count(f => f.Status == FindingStatuses.New);
        if (report.Previous is not { } previous)
            return $"First inspection of this cluster: nothing to compare with ({Count(fresh, "finding")}).";
        var grade = previous.Grade == report.Grade ? $"grade {report.Grade}" : $"grade {previous.Grade} \u2192 {report.Grade}";
        return $"Since the previous run ({Time(previous.FinishedAt)}): score {Signed(report.Score - previous.Score)} " +
               $"({previous.Score} \u2192 {report.Score}, {grade}); {fresh} new, {report.Resolved.Count} resolved.";
    }

    /// <summary>How the deductions make the score; the score stops at 0, so more than 100 points lost still scores 0.</summary>
    public static string Lost(int points, int score) => (100 - points) switch
    {
        var left when left == score => $"{Count(points, "point")} lost: 100 \u2212 {points} = {score}.",
        < 0 when score == 0 => $"{Count(points, "point")} lost: more than 100, so the score stops at 0.",
        _ => $"{Count(points, "point")} lost; the score is {score}.",
    };

    public static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>Hours as hours under two days, otherwise as days.</summary>
    public static string Duration(double hours) => hours < 48 ? $"{Number(hours)} h" : $"{Number(hours / 24)} days";

    /// <summary>A forecast's point estimate and confidence range ("6.2 days (4.9–8.1 days)"), or why there is none.</summary>
    public static string Range(Forecast forecast)
    {
        if (forecast.HoursToLimit is not { } hours)
            return forecast.Reason ?? "limit not reached";
        if (forecast is not { HoursLow: { } low, HoursHigh: { } high })
            return Duration(hours);
        var range = (low < 48) == (high < 48)
            ? high < 48 ? $"{Number(low)}\u2013{Number(high)} h" : $"{Number(low / 24)}\u2013{Number(high / 24)} days"
            : $"{Duration(low)} \u2013 {Duration(high)}";
        return $"{Duration(hours)} ({range})";
    }

    public static string Window(Forecast forecast) =>
        $"{Time(forecast.WindowStart)} \u2192 {Time(forecast.WindowEnd)}, {Count(forecast.Samples, "sample")}";

    /// <summary>Open findings per severity, worst first; severities the contract does not know come last, by name.</summary>
    public static IReadOnlyList<(string Severity, int Count)> BySeverity(IEnumerable<InspectionFinding> findings)
    {
        var counts = findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count());
        return Severities.All.Concat(counts.Keys.Where(s => !Severities.IsKnown(s)).Order(StringComparer.Ordinal))
            .Select(s => (s, counts.GetValueOrDefault(s))).ToList();
    }

    /// <summary>Open findings per check group, in the contract's order; unknown groups come last, by name.</summary>
    public static IReadOnlyList<(string Group, int Count)> ByGroup(IEnumerable<InspectionFinding> findings)
    {
        var counts = findings.GroupBy(f => f.Group).ToDictionary(g => g.Key, g => g.Count());
        return CheckGroups.All.Concat(counts.Keys.Where(g => !CheckGroups.All.Contains(g)).Order(StringComparer.Ordinal))
            .Select(g => (g, counts.GetValueOrDefault(g))).ToList();
    }

    /// <summary>Findings worst first: by severity, then by points lost, then by id so the order is stable.</summary>
    public static IEnumerable<InspectionFinding> WorstFirst(IEnumerable<InspectionFinding> findings) =>
        findings.OrderBy(f => Severities.Rank(f.Severity)).ThenByDescending(f => f.Points).ThenBy(f => f.Id, StringComparer.Ordinal);

    public static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
