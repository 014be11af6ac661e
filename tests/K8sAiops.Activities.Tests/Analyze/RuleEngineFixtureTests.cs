using K8sAiops.Activities.Analyze;
using Xunit.Abstractions;
using K8sAiops.Activities.Analyze.Rules;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Activities.Tests.AnalyzeRules.Support;

namespace K8sAiops.Activities.Tests.AnalyzeRules;

/// <summary>
/// Every fixture under <c>tests/fixtures/diagnosis/</c>: serve the snapshot from the sandbox, resolve the target from the
/// alert's labels, collect, diagnose, and compare with <c>expected.json</c>.
/// </summary>
public class RuleEngineFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures() => [.. DiagnosisFixture.Names()];

    [Fact]
    public void Fixtures_CoverEveryCategoryButCpuThrottlingTwice()
    {
        var counts = DiagnosisFixture.Names().Select(n => DiagnosisFixture.Load(n).Expected().Category).CountBy(c => c).ToDictionary();
        foreach (var category in Categories.All.Where(c => c != Categories.CpuThrottling))
            Assert.True(counts.GetValueOrDefault(category) >= 2, $"{category}: {counts.GetValueOrDefault(category)} fixture(s)");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Diagnose_Fixture_NamesExpectedCategoryAndCulprit(string name)
    {
        var fixture = DiagnosisFixture.Load(name);
        var alert = fixture.Alert();
        var (category, culprit) = fixture.Expected();
        await using var cluster = await SandboxCluster.StartAsync(fixture.Snapshot());
        var target = AlertTargets.Resolve(alert.Labels, out var reason);
        Assert.True(target is not null, reason);
        var bundle = await cluster.CollectAsync(target);

        var diagnosis = RuleEngine.Diagnose(alert, [bundle], DiagnosisFixture.Now);
        output.WriteLine($"{name}: {diagnosis.RootCause.Category} {diagnosis.RootCause.Resource} ({diagnosis.RootCause.Confidence}): {diagnosis.RootCause.Summary}");
        foreach (var action in diagnosis.Actions)
            output.WriteLine($"  {action.Kind} {action.Risk}: {action.Description} {string.Join(" && ", action.Commands)}");

        var why = $"{name}: {diagnosis.RootCause.Category} {diagnosis.RootCause.Resource} — {diagnosis.RootCause.Summary}\n" +
                  string.Join("\n", diagnosis.Alternatives.Select(a => $"  alt {a.Category} {a.Resource} {a.Confidence}: {a.Summary}"));
        Assert.True(category == diagnosis.RootCause.Category && culprit == diagnosis.RootCause.Resource, $"expected {category} {culprit}; got {why}");

        var ids = bundle.Objects.Select(o => o.Id).Concat(bundle.Events.Select(e => e.Id)).Concat(bundle.Logs.Select(l => l.Id))
            .Concat(bundle.NodeAllocations.Select(a => a.Id)).Concat(bundle.Notes.Select(n => n.Id)).ToHashSet();
        Assert.All(diagnosis.RootCause.Evidence, id => Assert.Contains(id, ids));
        Assert.All(diagnosis.RootCause.Evidence, id => Assert.Contains(diagnosis.Findings, f => f.Id == id));
        Assert.All(diagnosis.Findings, f => Assert.Contains(f.Id, diagnosis.RootCause.Evidence));
        Assert.All(diagnosis.Actions, a => Assert.Contains(a.Kind, ActionKinds.All));
        Assert.All(diagnosis.Actions, a => Assert.Contains(a.Risk, new[] { "low", "medium", "high" }));
        Assert.NotEmpty(diagnosis.RootCause.Summary);
        if (category != Categories.NoIssue)
        {
            Assert.NotEmpty(diagnosis.RootCause.Evidence);
            Assert.NotEmpty(diagnosis.Actions);
        }
    }
}
