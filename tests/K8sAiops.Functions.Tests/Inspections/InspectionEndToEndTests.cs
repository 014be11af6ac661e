using System.Net;
using System.Text.Json;
using K8sAiops.Activities.Inspect;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Tests.Support;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Testing.ChatReceivers;

namespace K8sAiops.Functions.Tests.Inspections;

/// <summary>The daily inspection through the host: the HTTP trigger and the timer, against a sandbox cluster, with the summary in chat.</summary>
public class InspectionEndToEndTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static async Task<(TestHost Host, SandboxServer Sandbox, SlackReceiver Slack)> StartAsync(string fault, Dictionary<string, string?>? extra = null)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = Now });
        Faults.Inject(snapshot, fault, new FaultOptions { Now = Now });
        var sandbox = await SandboxServer.StartAsync(snapshot);
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("k8saiops-inspect-").FullName, "kubeconfig"));
        var slack = new SlackReceiver();
        var settings = new Dictionary<string, string?>
        {
            ["Collect:Kubernetes:Kubeconfig"] = kubeconfig,
            ["Notify:Channels:0:Kind"] = "Slack",
            ["Notify:Channels:0:Name"] = "slack",
            ["Notify:Channels:0:Url"] = slack.Url.ToString(),
            ["Notify:RetryDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        var host = await TestHost.StartAsync(settings);
        return (host, sandbox, slack);
    }

    [Fact]
    public async Task PostInspections_FaultyCluster_FindsTheFaultScoresStoresTheReportAndPostsTheSummary()
    {
        var (host, sandbox, slack) = await StartAsync("image-pull");
        await using var _h = host;
        await using var _s = sandbox;
        await using var _c = slack;

        var started = await host.Keyed.PostAsync("/api/inspections", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await TestHost.JsonAsync(started)).GetProperty("id").GetString()!;
        var done = await host.CompleteAsync(id);
        var summary = done.ReadOutputAs<InspectionSummary>()!;

        var json = await host.Keyed.GetAsync($"/api/inspections/{id}/report?format=json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var report = JsonSerializer.Deserialize<InspectionReport>(await json.Content.ReadAsStringAsync(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var pull = Assert.Single(report.Findings, f => f.Check == "image-pull");
        Assert.Equal("image-pull", pull.Category);
        Assert.Equal(FindingStatuses.New, pull.Status);
        Assert.True(pull.Points > 0);
        Assert.Equal(100 - report.Deductions.Sum(d => d.Points), report.Score);
        Assert.Equal(summary.Score, report.Score);
        Assert.Contains(report.Namespaces, n => n.Name == pull.Resource.Namespace && n.Score < 100);
        Assert.Contains("\"step\":\"done\"", done.SerializedCustomStatus, StringComparison.Ordinal);

        var html = await host.Keyed.GetAsync($"/api/inspections/{id}/report");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Keyed.GetAsync($"/api/inspections/{id}/report?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Keyed.GetAsync("/api/inspections/nope/report")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.PostAsync("/api/inspections", null)).StatusCode);

        var metrics = await (await host.Client.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains($"k8saiops_inspection_score{{cluster=\"{report.Cluster}\",namespace=\"\"}} {report.Score}", metrics, StringComparison.Ordinal);
        Assert.Contains("k8saiops_inspection_findings{", metrics, StringComparison.Ordinal);
        Assert.Contains("k8saiops_inspection_last_run_timestamp_seconds{", metrics, StringComparison.Ordinal);

        await slack.WaitForMessagesAsync(1);
        var card = Assert.Single(slack.Messages);
        Assert.Contains($"{report.Score}/100 ({report.Grade})", card.Text, StringComparison.Ordinal);
        Assert.Contains("image-pull", card.Text, StringComparison.Ordinal);

        // The card's report link opens this report without the function key; an altered one is refused.
        var link = Assert.Single(card.Links, l => l.AbsolutePath == $"/reports/inspections/{id}");
        var page = await host.Client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"{report.Score}", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var altered = await host.Client.GetAsync(link.PathAndQuery.Replace($"/{id}?", $"/{Guid.NewGuid():N}?", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, altered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.GetAsync($"/reports/inspections/{id}")).StatusCode);

        // The second run compares with the first: the same fault persists, nothing is new or resolved.
        var second = (await TestHost.JsonAsync(await host.Keyed.PostAsync("/api/inspections", null))).GetProperty("id").GetString()!;
        var again = (await host.CompleteAsync(second)).ReadOutputAs<InspectionSummary>()!;
        Assert.Equal(report.Score, again.Score);
        Assert.Equal(report.Score, again.PreviousScore);
        Assert.Equal(0, again.New);
        Assert.Equal(0, again.Resolved);
    }

    [Fact]
    public async Task Timer_ShortSchedule_FiresAnInspectionWhoseSummaryReachesTheReceiver()
    {
        var (host, sandbox, slack) = await StartAsync("crash-loop", new() { ["Inspection:Schedule"] = "*/3 * * * * *" });
        await using var _h = host;
        await using var _s = sandbox;
        await using var _c = slack;

        await slack.WaitForMessagesAsync(1, TimeSpan.FromSeconds(60));
        var card = slack.Messages[0];
        Assert.Contains("Daily inspection of", card.Text, StringComparison.Ordinal);
        var instances = await host.Durable.GetAllInstancesAsync().ToListAsync();
        Assert.Contains(instances, i => i.Name == "InspectClusterOrchestration");
    }
}
