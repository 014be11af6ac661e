using System.Diagnostics;
using System.Text.Json;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Tests.Metrics;
using K8sAiops.Testing;
using Xunit.Abstractions;

namespace K8sAiops.Sandbox.Tests.Alerting;

/// <summary>
/// The whole alert path on this machine: the sandbox serves a faulty synthetic cluster's kube-state-metrics series, a real
/// Prometheus 2.42 scrapes them and evaluates the kubernetes-mixin rules (with <c>for:</c> and ranges shortened), a real
/// Alertmanager 0.25 groups the alerts and posts webhook v4 bodies to a receiver in the test. Loopback only.
/// </summary>
public sealed class MixinAlertsEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(75);

    [Fact]
    public async Task FaultyCluster_ScrapedAndEvaluated_AlertmanagerPostsOneGroupPerObject()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var watch = Stopwatch.StartNew();
        var cluster = FaultyCluster.Create("crash-loop", "image-pull", "scaled-to-zero", "job-failed", "node-not-ready");
        await using var sandbox = await SandboxServer.StartAsync(cluster.Snapshot, new SandboxServerOptions { TimeProvider = TimeProvider.System }, timeout.Token);
        await using var receiver = LoopbackHttpServer.Start(_ => LoopbackResponse.Json("{}"));
        await using var alertmanager = await AlertmanagerServer.StartAsync(
            new AlertmanagerServerOptions { WebhookUrl = new Uri(receiver.BaseAddress, "api/alerts") }, timeout.Token);
        var rules = Directory.CreateTempSubdirectory("k8saiops-mixin-rules-");
        try
        {
            await using var prometheus = await PrometheusServer.StartAsync(new PrometheusServerOptions
            {
                ScrapeTargets =
                [
                    new PrometheusScrapeTarget("kube-state-metrics", [sandbox.BaseAddress.Authority],
                        Params: new Dictionary<string, string> { ["restartEvery"] = "2s" }),
                ],
                RuleFiles = [MixinRules.WriteShortened(rules.FullName)],
                Alertmanagers = [alertmanager.Instance],
            }, timeout.Token);
            output.WriteLine($"sandbox, Alertmanager and Prometheus up after {watch.Elapsed.TotalSeconds:0.0} s");

            var expected = Expected(cluster);
            var seen = await WaitForAlertsAsync(receiver, expected, watch, timeout.Token);

            // Let Alertmanager run a few more group intervals: a second distinct group for the same object would show now.
            await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);
            var posts = Posts(receiver);
            output.WriteLine($"{posts.Count} webhook posts after {watch.Elapsed.TotalSeconds:0.0} s");

            Assert.All(posts, p => Assert.Equal("4", p.Version));
            var crash = Assert.Single(seen["KubePodCrashLooping"]);
            var fault = cluster.Faults["crash-loop"].AlertLabels;
            Assert.Equal((fault["namespace"], fault["pod"], fault["container"]), (crash["namespace"], crash["pod"], crash["container"]));
            Assert.Equal("kube-state-metrics", crash["job"]);

            // The simulated restarts (restartEvery=2s) make the counter rise between scrapes, as a crash loop does.
            using var http = new HttpClient { BaseAddress = prometheus.BaseAddress };
            var query = Uri.EscapeDataString($"increase(kube_pod_container_status_restarts_total{{pod=\"{fault["pod"]}\",container=\"{fault["container"]}\"}}[10s])");
            using var result = JsonDocument.Parse(await http.GetStringAsync($"api/v1/query?query={query}", timeout.Token));
            var increase = result.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Single().GetProperty("value")[1].GetString();
            Assert.True(double.Parse(increase!, System.Globalization.CultureInfo.InvariantCulture) > 0, $"increase over 10 s: {increase}");

            foreach (var (alertname, labels) in expected)
            {
                var groups = posts
                    .Where(p => p.Alerts.Any(a => Matches(a, alertname, labels)))
                    .Select(p => p.GroupKey)
                    .Distinct()
                    .ToList();
                Assert.True(groups.Count == 1, $"{alertname} {Describe(labels)} arrived in {groups.Count} groups: {string.Join(" | ", groups)}");
            }
        }
        finally
        {
            rules.Delete(recursive: true);
        }
    }

    /// <summary>Each expected alert with the object labels it must carry.</summary>
    private static List<(string Alertname, Dictionary<string, string> Labels)> Expected(FaultyCluster cluster)
    {
        Dictionary<string, string> Pick(string category, params string[] names) =>
            names.ToDictionary(n => n, n => cluster.Faults[category].AlertLabels[n], StringComparer.Ordinal);
        return
        [
            ("KubePodCrashLooping", Pick("crash-loop", "namespace", "pod", "container")),
            ("KubePodNotReady", Pick("image-pull", "namespace", "pod")),
            ("KubeDeploymentReplicasMismatch", Pick("scaled-to-zero", "namespace", "deployment")),
            ("KubeJobFailed", Pick("job-failed", "namespace", "job_name")),
            ("KubeNodeNotReady", Pick("node-not-ready", "node")),
        ];
    }

    private async Task<Dictionary<string, List<IReadOnlyDictionary<string, string>>>> WaitForAlertsAsync(
        LoopbackHttpServer receiver, List<(string Alertname, Dictionary<string, string> Labels)> expected, Stopwatch watch, CancellationToken ct)
    {
        var firstPost = TimeSpan.Zero;
        while (true)
        {
            var posts = Posts(receiver);
            if (posts.Count > 0 && firstPost == TimeSpan.Zero)
            {
                firstPost = watch.Elapsed;
                output.WriteLine($"first webhook post after {firstPost.TotalSeconds:0.0} s");
            }

            var found = expected.ToDictionary(
                e => e.Alertname,
                e => posts.SelectMany(p => p.Alerts).Where(a => a["status"] == "firing" && Matches(a, e.Alertname, e.Labels))
                    .DistinctBy(a => a["fingerprint"]).Select(a => a.Labels).ToList());
            if (found.Values.All(v => v.Count > 0))
            {
                output.WriteLine($"all {expected.Count} expected alerts posted after {watch.Elapsed.TotalSeconds:0.0} s");
                return found;
            }

            if (ct.IsCancellationRequested)
            {
                var missing = string.Join(", ", found.Where(f => f.Value.Count == 0).Select(f => f.Key));
                var received = string.Join("\n", posts.SelectMany(p => p.Alerts).Select(a => Describe(a.Labels)).Distinct());
                Assert.Fail($"After {watch.Elapsed.TotalSeconds:0} s still missing: {missing}. Received:\n{received}");
            }

            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                // Report what is missing on the next round.
            }
        }
    }

    private static bool Matches(WebhookAlert alert, string alertname, Dictionary<string, string> labels) =>
        alert.Labels.GetValueOrDefault("alertname") == alertname && labels.All(l => alert.Labels.GetValueOrDefault(l.Key) == l.Value);

    private static string Describe(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";

    private static List<WebhookPost> Posts(LoopbackHttpServer receiver) =>
        receiver.Requests.Where(r => r.Method == "POST" && r.Path == "/api/alerts").Select(r => WebhookPost.Parse(r.Body)).ToList();

    /// <summary>The parts of an Alertmanager webhook v4 body the test reads.</summary>
    private sealed record WebhookPost(string Version, string GroupKey, IReadOnlyList<WebhookAlert> Alerts)
    {
        public static WebhookPost Parse(string body)
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var alerts = root.GetProperty("alerts").EnumerateArray().Select(a => new WebhookAlert(
                a.GetProperty("status").GetString() ?? "",
                a.GetProperty("fingerprint").GetString() ?? "",
                a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal))).ToList();
            return new WebhookPost(root.GetProperty("version").GetString() ?? "", root.GetProperty("groupKey").GetString() ?? "", alerts);
        }
    }

    private sealed record WebhookAlert(string Status, string Fingerprint, IReadOnlyDictionary<string, string> Labels)
    {
        public string this[string field] => field switch
        {
            "status" => Status,
            "fingerprint" => Fingerprint,
            _ => Labels.GetValueOrDefault(field) ?? "",
        };
    }
}
