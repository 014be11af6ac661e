using System.Globalization;
using System.Text.RegularExpressions;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Report;

namespace K8sAiops.Activities.Tests.Inspect.Report;

public sealed class InspectionMarkdownTests
{
    [Fact]
    public void Render_SampleReport_HeaderHasClusterScoreGradeAndChange()
    {
        var report = SampleInspectionReport.Build();

        var markdown = InspectionMarkdown.Render(report);

        Assert.StartsWith($"# Daily inspection: {SampleInspectionReport.Cluster}\n", markdown, StringComparison.Ordinal);
        Assert.Contains($"**Score {report.Score}/100, grade {report.Grade}**", markdown, StringComparison.Ordinal);
        var previous = report.Previous!;
        var delta = report.Score - previous.Score;
        Assert.True(delta < 0, "the sample's score fell since the previous run");
        Assert.Contains($"score \u2212{-delta} ({previous.Score} \u2192 {report.Score}", markdown, StringComparison.Ordinal);
        var fresh = report.Findings.Count(f => f.Status == FindingStatuses.New);
        Assert.Contains($"{fresh} new, {report.Resolved.Count} resolved", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FirstRun_SaysThereIsNothingToCompareWith()
    {
        var report = SampleInspectionReport.Build() with { Previous = null };

        var markdown = InspectionMarkdown.Render(report);

        Assert.Contains("First inspection of this cluster: nothing to compare with", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SampleReport_HasARowForEveryFindingWithItsCheckAndObject()
    {
        var report = SampleInspectionReport.Build();

        var rows = Section(InspectionMarkdown.Render(report), "## Findings").Where(IsDataRow).ToList();

        Assert.Equal(report.Findings.Count, rows.Count);
        foreach (var finding in report.Findings)
            Assert.Single(rows, r => Cells(r)[1] == finding.Check && Cells(r)[2] == finding.Resource.ToString());
    }

    [Fact]
    public void Render_SampleReport_GroupsFindingsBySeverityWorstFirst()
    {
        var report = SampleInspectionReport.Build();

        var markdown = InspectionMarkdown.Render(report);

        var headings = Regex.Matches(markdown, @"^### (\w+) \((\d+)\)$", RegexOptions.Multiline)
            .Select(m => (Severity: m.Groups[1].Value.ToLowerInvariant(), Count: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(Severities.All, headings.Select(h => h.Severity));
        Assert.All(headings, h => Assert.Equal(report.Findings.Count(f => f.Severity == h.Severity), h.Count));
    }

    [Fact]
    public void Render_SampleReport_DeductionsSumToHundredMinusScore()
    {
        var report = SampleInspectionReport.Build();
        Assert.Equal(100 - report.Score, report.Deductions.Sum(d => d.Points)); // the sample is built so

        var rows = Section(InspectionMarkdown.Render(report), "## Deductions").Where(IsDataRow).ToList();

        var total = rows.Single(r => Cells(r)[0] == "**Total**");
        var deductions = rows.Where(r => r != total).ToList();
        Assert.Equal(report.Deductions.Count, deductions.Count);
        var sum = deductions.Sum(r => int.Parse(Cells(r)[3], CultureInfo.InvariantCulture));
        Assert.Equal(100 - report.Score, sum);
        Assert.Equal($"**{sum}**", Cells(total)[3]);
    }

    [Fact]
    public void Render_SampleReport_ListsResolvedForecastsAndNotes()
    {
        var report = SampleInspectionReport.Build();

        var markdown = InspectionMarkdown.Render(report);

        var resolved = Section(markdown, "## Resolved since the previous run").Where(IsDataRow).ToList();
        Assert.Equal(report.Resolved.Count, resolved.Count);
        var forecasts = Section(markdown, "## Forecasts");
        var fitted = report.Forecasts.Where(f => f.EnoughData).ToList();
        Assert.Equal(fitted.Count, forecasts.Count(IsDataRow));
        Assert.Contains(forecasts, l => l.Contains("PVC shop/data-postgres-0 is full in 6.2 days", StringComparison.Ordinal)
            && l.Contains("linear", StringComparison.Ordinal) && l.Contains("6.2 days (4.9\u20138.1 days)", StringComparison.Ordinal));
        Assert.Contains(forecasts, l => l.Contains("the series does not grow", StringComparison.Ordinal));
        foreach (var f in report.Forecasts.Where(f => !f.EnoughData))
            Assert.Contains(forecasts, l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains(f.Resource.ToString(), StringComparison.Ordinal)
                && l.Contains(f.Reason!, StringComparison.Ordinal));
        var notes = Section(markdown, "## Notes");
        Assert.Equal(report.Notes.Count, notes.Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_PipesAndLineBreaksInCells_AreEscapedAndRowsKeepTheirColumns()
    {
        var odd = SampleInspectionReport.Finding("odd-check", CheckGroups.Hygiene, Severities.High, new FindingResource("Deployment", "shop", "a|b"),
            "first | second\r\nthird\nfourth", "do x | y", 1);
        var report = SampleInspectionReport.Build(odd);

        var markdown = InspectionMarkdown.Render(report);

        var row = Section(markdown, "## Findings").Single(l => l.Contains("odd-check", StringComparison.Ordinal));
        Assert.Contains(@"| Deployment/shop/a\|b | first \| second<br>third<br>fourth | do x \| y | 1 |", row, StringComparison.Ordinal);
        // Every row of every table has as many cells as its header (an unescaped | would add one).
        foreach (var table in Tables(markdown))
            Assert.All(table, r => Assert.Equal(Cells(table[0]).Count, Cells(r).Count));
        Assert.Contains("No ttlSecondsAfterFinished", Section(markdown, "## Findings").Single(l => l.Contains("finished-job-kept", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MarkupInMessagesAndNotes_IsEscapedNotInterpreted()
    {
        var hostile = SampleInspectionReport.Finding("hostile", CheckGroups.Security, Severities.Critical, new FindingResource("Pod", "shop", "x"),
            "<script>alert(1)</script> [click](https://evil.example) `code` *bold*", "fix", 1);
        var report = SampleInspectionReport.Build(hostile) with { Notes = ["<img src=x onerror=alert(1)>\nsecond line"] };

        var markdown = InspectionMarkdown.Render(report);

        Assert.DoesNotMatch(@"(?<!\\)<(script|img)", markdown); // only backslash-escaped, so no renderer sees a tag
        Assert.Contains(@"\<script>alert(1)\</script> \[click\](https://evil.example) \`code\` \*bold\*", markdown, StringComparison.Ordinal);
        Assert.Contains(@"- \<img src=x onerror=alert(1)> second line", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EmptyReport_SaysThereIsNothingFoundOrDeducted()
    {
        var report = SampleInspectionReport.Assemble([]) with { Forecasts = [], Notes = [], Resolved = [] };

        var markdown = InspectionMarkdown.Render(report);

        Assert.Contains("**Score 100/100, grade A**", markdown, StringComparison.Ordinal);
        Assert.Contains("## Findings (0)\n\nNo open findings.\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## Deductions\n\nNothing was deducted.\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Forecasts", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Notes", markdown, StringComparison.Ordinal);
    }

    /// <summary>The lines of a section, from its heading to the next heading of the same level.</summary>
    private static List<string> Section(string markdown, string heading)
    {
        var lines = markdown.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no section {heading}");
        var level = heading.TakeWhile(c => c == '#').Count();
        var prefix = new string('#', level) + " ";
        return [.. lines.Skip(start + 1).TakeWhile(l => !l.StartsWith(prefix, StringComparison.Ordinal) && !Regex.IsMatch(l, $"^#{{1,{level - 1}}} "))];
    }

    /// <summary>The tables of a document: runs of lines starting with "|", delimiter rows left out.</summary>
    private static List<List<string>> Tables(string markdown)
    {
        var tables = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                current = null;
                continue;
            }
            if (current is null)
                tables.Add(current = []);
            if (!IsDelimiter(line))
                current.Add(line);
        }
        return tables;
    }

    private static bool IsDataRow(string line) => line.StartsWith('|') && !IsDelimiter(line) && !IsHeaderRow(line);

    private static bool IsDelimiter(string line) => Regex.IsMatch(line, @"^\|( -*-:? \|)+$");

    private static bool IsHeaderRow(string line) => line.StartsWith("| Status |", StringComparison.Ordinal) || line.StartsWith("| Severity |", StringComparison.Ordinal)
        || line.StartsWith("| Finding |", StringComparison.Ordinal) || line.StartsWith("| Forecast |", StringComparison.Ordinal)
        || line.StartsWith("| Namespace |", StringComparison.Ordinal);

    /// <summary>A row's cells split at unescaped pipes, trimmed, with the escapes undone.</summary>
    private static List<string> Cells(string row) =>
        [.. Regex.Split(row.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim().Replace(@"\|", "|", StringComparison.Ordinal))];
}
