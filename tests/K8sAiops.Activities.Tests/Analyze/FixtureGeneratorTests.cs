using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Tests.AnalyzeRules.Support;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Activities.Tests.AnalyzeRules;

/// <summary>
/// Writes <c>tests/fixtures/diagnosis/</c> from <see cref="FixtureCases"/> when <c>K8SAIOPS_WRITE_FIXTURES=1</c> (only the
/// cases without a directory with <c>=new</c>); otherwise
/// checks that the checked-in fixtures are the ones the generator makes (same cases, same expectations).
/// </summary>
public class FixtureGeneratorTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void Generate_EveryCase_MatchesCheckedInFixtures()
    {
        var cases = FixtureCases.All().ToList();
        var write = Environment.GetEnvironmentVariable("K8SAIOPS_WRITE_FIXTURES");
        if (write is "1" or "new")
        {
            // "new": only the cases without a directory yet, leaving the checked-in ones byte for byte as they are.
            foreach (var c in cases.Where(c => write == "1" || !Directory.Exists(Path.Combine(DiagnosisFixture.Root, c.Name))))
                Write(c);
        }

        Assert.Equal(cases.Select(c => c.Name).Order(StringComparer.Ordinal), DiagnosisFixture.Names());
        foreach (var c in cases)
        {
            var (category, culprit) = DiagnosisFixture.Load(c.Name).Expected();
            Assert.Equal(c.Category, category);
            Assert.Equal((c.Culprit.Kind, c.Culprit.Namespace, c.Culprit.Name), (culprit.Kind, culprit.Namespace, culprit.Name));
            Assert.Equal(c.HeldOut, DiagnosisFixture.Load(c.Name).HeldOut);
        }
    }

    /// <summary>Rewrites the dump's JSON without indentation: the same documents at about half the size, so the fixtures stay small.</summary>
    private static void Compact(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
            File.WriteAllText(file, JsonNode.Parse(File.ReadAllText(file))!.ToJsonString() + "\n");
    }

    private static void Write(FixtureCases.Case c)
    {
        var dir = Path.Combine(DiagnosisFixture.Root, c.Name);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        SnapshotWriter.WriteDirectory(c.Snapshot, Path.Combine(dir, "snapshot"));
        Compact(Path.Combine(dir, "snapshot"));
        var resolved = c.Status == "resolved";
        var body = WebhookBodies.Body(c.Labels, c.Status, DiagnosisFixture.Now.AddMinutes(-25), resolved ? DiagnosisFixture.Now.AddMinutes(-3) : null);
        File.WriteAllText(Path.Combine(dir, "alert.json"), body.ToJsonString(Indented) + "\n");
        var expected = new JsonObject
        {
            ["category"] = c.Category,
            ["culprit"] = new JsonObject { ["kind"] = c.Culprit.Kind, ["namespace"] = c.Culprit.Namespace, ["name"] = c.Culprit.Name },
            ["form"] = c.Form,
        };
        if (c.HeldOut)
            expected["heldOut"] = true;
        File.WriteAllText(Path.Combine(dir, "expected.json"), expected.ToJsonString(Indented) + "\n");
    }
}
