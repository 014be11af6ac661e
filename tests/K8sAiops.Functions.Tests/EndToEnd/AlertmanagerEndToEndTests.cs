using System.Diagnostics;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Alerts;
using K8sAiops.Functions.Hosting;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Testing;
using Xunit.Abstractions;

namespace K8sAiops.Functions.Tests.EndToEnd;

/// <summary>
/// The product's whole alert path on this machine: the sandbox serves a faulty cluster and its kube-state-metrics
/// series; Debian's Prometheus scrapes them and evaluates the kubernetes-mixin rules (for: and ranges shortened);
/// Debian's Alertmanager posts the groups to the host's <c>/api/alerts</c>; the host diagnoses each group against
/// the sandbox. Loopback only; stops by itself.
/// </summary>
public sealed class AlertmanagerEndToEndTests(ITestOutputHelper output)
{
    private static readonly string[] Categories = ["node-not-ready", "crash-loop", "image-pull", "job-failed", "scaled-to-zero"];

    [Fact]
    public async Task Alertmanager_PostsMixinAlerts_EachGroupDiagnosedOnceWithTheRightCause()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = now, Nodes = 4 });
        var faults = Categories.ToDictionary(c => c, c => Faults.Inject(snapshot, c, new FaultOptions { Now = now }));
        await using var sandbox = await SandboxServer.StartAsync(snapshot, ct: timeout.Token);
        var work = Directory.CreateTempSubdirectory("k8saiops-am-e2e-");
        const string Key = "e2e-key-0123456789abcdef";
        var port = Azurite.FreePort();
        await using var host = Program.BuildWebHost(new HostSettings
        {
            ContentRoot = work.FullName,
            EnvironmentName = "Testing",
            CommandLine = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = "InMemory",
                ["Http:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Management:FunctionKeys"] = Key,
                ["Collect:Kubernetes:Kubeconfig"] = sandbox.WriteKubeconfig(Path.Combine(work.FullName, "kubeconfig")),
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Remediation:Enabled"] = "false", // the diagnosis path only; ApprovalEndToEndTests run the fix
            },
        });
        await host.StartAsync(timeout.Token);
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        try
        {
            await using var alertmanager = await AlertmanagerServer.StartAsync(
                new AlertmanagerServerOptions { WebhookUrl = new Uri($"http://127.0.0.1:{port}/api/alerts?code={Key}") }, timeout.Token);
            await using var prometheus = await PrometheusServer.StartAsync(new PrometheusServerOptions
            {
                ScrapeTargets =
                [
                    new PrometheusScrapeTarget("kube-state-metrics", [sandbox.BaseAddress.Authority],
                        Params: new Dictionary<string, string> { ["restartEvery"] = "2s" }),
                ],
                RuleFiles = [MixinRules.WriteShortened(work.FullName)],
                Alertmanagers = [alertmanager.Instance],
            }, timeout.Token);
            output.WriteLine($"sandbox, host, Alertmanager and Prometheus up after {watch.Elapsed.TotalSeconds:0.0} s");

            var diagnoses = await WaitForDiagnosesAsync(client, faults.Values, timeout.Token);
            output.WriteLine($"all {faults.Count} groups diagnosed after {watch.Elapsed.TotalSeconds:0.0} s");
            // A few more group intervals: a repeated post of the same group would start a second instance now.
            await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);

            var all = await client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }, timeout.Token).ToListAsync(timeout.Token);
            foreach (var fault in faults.Values)
            {
                var (instance, diagnosis) = diagnoses[fault];
                output.WriteLine($"{fault.AlertLabels["alertname"]} → {diagnosis.RootCause.Category} on {diagnosis.RootCause.Resource}: {diagnosis.RootCause.Summary}");
                Assert.Equal(fault.Category, diagnosis.RootCause.Category);
                Assert.Equal((fault.Culprit.Kind, fault.Culprit.Namespace, fault.Culprit.Name),
                    (diagnosis.RootCause.Resource?.Kind, diagnosis.RootCause.Resource?.Namespace, diagnosis.RootCause.Resource?.Name));
                var sameGroup = all.Count(i => i.Name == nameof(DiagnoseAlertOrchestration) && Fires(i, fault));
                Assert.True(sameGroup == 1, $"{fault.AlertLabels["alertname"]} started {sameGroup} orchestrations");
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            work.Delete(recursive: true);
        }
    }

    private async Task<Dictionary<InjectedFault, (string Instance, Diagnosis Diagnosis)>> WaitForDiagnosesAsync(
        DurableTaskClient client, IEnumerable<InjectedFault> faults, CancellationToken ct)
    {
        var wanted = faults.ToList();
        while (true)
        {
            var done = new Dictionary<InjectedFault, (string, Diagnosis)>();
            await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }, ct))
            {
                if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
                    continue;
                foreach (var fault in wanted.Where(f => Fires(instance, f)))
                    done[fault] = (instance.InstanceId, instance.ReadOutputAs<Diagnosis>()!);
            }
            if (done.Count == wanted.Count)
                return done;
            if (ct.IsCancellationRequested)
            {
                var missing = string.Join(", ", wanted.Where(f => !done.ContainsKey(f)).Select(f => $"{f.Category} ({f.AlertLabels["alertname"]})"));
                Assert.Fail($"no completed diagnosis for: {missing}");
            }
            try
            {
                await Task.Delay(500, ct);
            }
            catch (OperationCanceledException)
            {
                // One more look, then fail with what is missing.
            }
        }
    }

    /// <summary>Whether the instance's alert group holds the fault's alert (same alertname and object labels).</summary>
    private static bool Fires(OrchestrationMetadata instance, InjectedFault fault)
    {
        if (instance.SerializedInput is null)
            return false;
        var alerts = JsonNode.Parse(instance.SerializedInput)?["alerts"]?.AsArray() ?? [];
        // The alertname and the object's own label (and namespace when namespaced): the kube-state-metrics target's labels
        // (pod, service, instance on non-pod alerts) differ between the generator's picture and this Prometheus.
        var key = new[] { "deployment", "statefulset", "job_name", "node", "pod" }.First(fault.AlertLabels.ContainsKey);
        var namespaced = key != "node";
        return alerts.Any(a =>
            (string?)a?["labels"]?["alertname"] == fault.AlertLabels["alertname"]
            && (string?)a?["labels"]?[key] == fault.AlertLabels[key]
            && (!namespaced || (string?)a?["labels"]?["namespace"] == fault.AlertLabels["namespace"]));
    }
}
