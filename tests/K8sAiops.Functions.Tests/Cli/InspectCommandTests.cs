using System.Text.Json;
using K8sAiops.Activities.Inspect;
using K8sAiops.Functions.Cli;
using K8sAiops.Testing;
using static K8sAiops.Functions.Tests.Cli.CommandLineRun;

namespace K8sAiops.Functions.Tests.Cli;

/// <summary><c>k8saiops inspect</c> over the sample snapshot (an OOM-killed renderer): the report on stdout, progress on stderr, the exit codes.</summary>
public class InspectCommandTests
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "samples", "snapshot");

    [Fact]
    public async Task Inspect_Snapshot_PrintsTheReportContractAndProgress()
    {
        var (code, output, error) = await RunAsync("inspect", "--snapshot", Sample);

        Assert.True(code == 0, $"exit {code}: {error}");
        var report = JsonSerializer.Deserialize<InspectionReport>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var oom = Assert.Single(report.Findings, f => f.Category == "oom-killed");
        Assert.Contains("report-renderer", oom.Resource.Name, StringComparison.Ordinal);
        Assert.Equal(100 - report.Deductions.Sum(d => d.Points), report.Score);
        Assert.True(report.Score < 100);
        Assert.Equal(InspectionScore.Grade(report.Score), report.Grade);
        Assert.Contains(report.Notes, n => n.StartsWith("Prometheus is not configured", StringComparison.Ordinal));
        // Progress is polled: a run this small may be done by the first look.
        Assert.Matches(@"k8saiops inspect: [a-z ]+ \d+/\d+, \d+ finding\(s\)", error);
        Assert.Contains($"k8saiops inspect: score {report.Score} ({report.Grade})", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("markdown", "# ")]
    [InlineData("html", "<!DOCTYPE html>")]
    public async Task Inspect_Output_PrintsThatFormat(string format, string start)
    {
        var (code, output, error) = await RunAsync("inspect", "--snapshot", Sample, "-o", format);

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.StartsWith(start, output.TrimStart(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Inspect_ScoreBelowFailBelow_Exits3()
    {
        var (code, _, error) = await RunAsync("inspect", "--snapshot", Sample, "--fail-below", "100");

        Assert.Equal(InspectCommand.BelowThreshold, code);
        Assert.Contains("is below --fail-below 100", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_PrometheusUnreachable_StillInspectsAndNotesIt()
    {
        var (code, output, error) = await RunAsync("inspect", "--snapshot", Sample, "--prometheus", "http://127.0.0.1:1/");

        Assert.True(code == 0, $"exit {code}: {error}");
        var report = JsonSerializer.Deserialize<InspectionReport>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Contains(report.Findings, f => f.Category == "oom-killed");
        Assert.Contains(report.Notes, n => n.Contains("127.0.0.1:1", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Notes, n => n.StartsWith("Prometheus is not configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "inspect" }, "give exactly one of --snapshot PATH and --context NAME")]
    [InlineData(new[] { "inspect", "--snapshot", "/nonexistent/dump" }, "/nonexistent/dump")]
    [InlineData(new[] { "inspect", "--snapshot", "x", "--context", "y" }, "give exactly one of")]
    [InlineData(new[] { "inspect", "--snapshot", "x", "-o", "yaml" }, "--output is 'yaml'")]
    [InlineData(new[] { "inspect", "--snapshot", "x", "--fail-below", "101" }, "--fail-below is 101")]
    [InlineData(new[] { "inspect", "--snapshot", "x", "--prometheus", "ftp://prom" }, "--prometheus is 'ftp://prom'")]
    [InlineData(new[] { "inspect", "--snapshot", "x", "--timeout", "0" }, "--timeout is 0")]
    public async Task Inspect_BadInput_Exits2NamingTheProblem(string[] args, string message)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(InspectCommand.BadInput, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
