using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Activities.Tests.AnalyzeRules.Support;

/// <summary>
/// One case under <c>tests/fixtures/diagnosis/CASE/</c>: a cluster snapshot in <c>kubectl cluster-info dump</c>
/// directory form, <c>alert.json</c> (an Alertmanager webhook v4 body) and <c>expected.json</c> (category and culprit).
/// </summary>
internal sealed record DiagnosisFixture(string Name, string Directory)
{
    /// <summary>The moment every fixture's snapshot shows (the sandbox tests' clock).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "K8sAiops.Functions.sln")))
                    return Path.Combine(dir.FullName, "tests", "fixtures", "diagnosis");
            }
            throw new DirectoryNotFoundException($"no K8sAiops.Functions.sln above {AppContext.BaseDirectory}");
        }
    }

    public static IEnumerable<string> Names() =>
        System.IO.Directory.Exists(Root)
            ? System.IO.Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
            : [];

    public static DiagnosisFixture Load(string name) => new(name, Path.Combine(Root, name));

    public ClusterSnapshot Snapshot() => SnapshotReader.Read(Path.Combine(Directory, "snapshot"));

    /// <summary>The first alert of the webhook body.</summary>
    public AlertInfo Alert()
    {
        var body = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "alert.json")))!;
        var alert = body["alerts"]![0]!;
        static Dictionary<string, string> Map(JsonNode? node) =>
            (node as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        var endsAt = DateTimeOffset.Parse(alert["endsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        return new AlertInfo(alert["status"]!.GetValue<string>(), Map(alert["labels"]), Map(alert["annotations"]),
            DateTimeOffset.Parse(alert["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            endsAt.Year <= 1 ? null : endsAt, alert["fingerprint"]?.GetValue<string>());
    }

    public (string Category, ResourceRef Culprit) Expected()
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "expected.json")))!;
        var culprit = expected["culprit"]!;
        return (expected["category"]!.GetValue<string>(),
            new ResourceRef(culprit["kind"]!.GetValue<string>(), culprit["namespace"]?.GetValue<string>() ?? "", culprit["name"]!.GetValue<string>()));
    }

    /// <summary>
    /// True for a held-out case (<c>"heldOut": true</c> in expected.json): a fault form written before the rules were
    /// changed for it; the fixture README records what the engine said on it then.
    /// </summary>
    public bool HeldOut =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "expected.json")))!["heldOut"] is JsonValue v && v.TryGetValue<bool>(out var heldOut) && heldOut;

    public override string ToString() => Name;
}
