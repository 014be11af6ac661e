using System.Text.Json;
using K8sAiops.Functions.Cli;
using K8sAiops.Testing;
using static K8sAiops.Functions.Tests.Cli.CommandLineRun;

namespace K8sAiops.Functions.Tests.Cli;

/// <summary><c>k8saiops diagnose</c> over every diagnosis fixture (snapshot + alert + expected answer), rules only.</summary>
public class DiagnoseCommandTests
{
    private static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "fixtures", "diagnosis");

    public static TheoryData<string> Cases() =>
        [.. Directory.EnumerateDirectories(Fixtures).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Diagnose_Fixture_NamesTheExpectedCategoryAndCulprit(string name)
    {
        var folder = Path.Combine(Fixtures, name);
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")));

        var (code, output, error) = await RunAsync("diagnose", "--snapshot", Path.Combine(folder, "snapshot"), "--alert", Path.Combine(folder, "alert.json"));

        Assert.True(code == 0, $"exit {code}: {error}");
        using var diagnosis = JsonDocument.Parse(output);
        var root = diagnosis.RootElement.GetProperty("rootCause");
        Assert.Equal(expected.RootElement.GetProperty("category").GetString(), root.GetProperty("category").GetString());
        if (expected.RootElement.TryGetProperty("culprit", out var culprit) && culprit.ValueKind == JsonValueKind.Object)
        {
            var resource = root.GetProperty("resource");
            foreach (var field in new[] { "kind", "namespace", "name" })
                Assert.Equal(culprit.GetProperty(field).GetString(), resource.GetProperty(field).GetString());
        }
    }

    [Fact]
    public async Task Diagnose_NoAlert_DiagnosesTheWorstProblemInTheSnapshot()
    {
        var folder = Path.Combine(RepoPaths.Root, "samples", "snapshot");

        var (code, output, error) = await RunAsync("diagnose", "--snapshot", folder, "--output", "markdown");

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Contains("oom-killed", output, StringComparison.Ordinal);
        Assert.Contains("report-renderer", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--snapshot", "/nonexistent/dump", "No cluster snapshot at '/nonexistent/dump'")]
    [InlineData("--output", "yaml", "--output is 'yaml'")]
    [InlineData("--alert", "/nonexistent/alert.json", "the alert file /nonexistent/alert.json does not exist")]
    public async Task Diagnose_BadInput_Exits2NamingTheProblem(string option, string value, string message)
    {
        var args = new List<string> { "diagnose", "--snapshot", Path.Combine(RepoPaths.Root, "samples", "snapshot") };
        var at = args.IndexOf(option);
        if (at >= 0)
            args[at + 1] = value;
        else
            args.AddRange([option, value]);

        var (code, _, error) = await RunAsync([.. args]);

        Assert.Equal(DiagnoseCommand.BadInput, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_AlertNotAWebhook_Exits2NamingTheField()
    {
        var alert = Path.Combine(Directory.CreateTempSubdirectory("k8saiops-diagnose-").FullName, "alert.json");
        await File.WriteAllTextAsync(alert, """{"version":"4","groupKey":"g","alerts":[]}""");

        var (code, _, error) = await RunAsync("diagnose", "--snapshot", Path.Combine(RepoPaths.Root, "samples", "snapshot"), "--alert", alert);

        Assert.Equal(DiagnoseCommand.BadInput, code);
        Assert.Contains("'alerts' is missing or empty", error, StringComparison.Ordinal);
    }
}
