using System.Diagnostics;
using System.Text.Json;
using k8s;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Redaction;
using K8sAiops.Bench.Collect;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResourceRef = K8sAiops.Activities.Collect.Evidence.ResourceRef;

// Evidence collection benchmark on the sandbox. For each scenario it times the collector (KubernetesClient,
// typed models, redaction, bundling) and then the very requests the collector made, replayed one after another
// by a bare HttpClient against the same sandbox in the same run, and prints one JSON line with both and their ratio.
// Usage: dotnet run -c Release --project bench/K8sAiops.Bench.Collect [-- --pods 5000] [--runs 20]
var pods = ArgInt("--pods", 5000);
var runs = ArgInt("--runs", 20);

Console.Error.WriteLine($"generating a cluster with one {pods}-pod namespace ...");
var now = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var snapshot = BenchCluster.Create(pods, now, out var namespaceName, out var faultyPod);
var generated = clock.Elapsed;
Console.WriteLine(SnapshotTimings.Measure(snapshot, generated));
Console.WriteLine(RedactionTiming.Measure(snapshot));
await using var sandbox = await SandboxServer.StartAsync(snapshot);
var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"k8saiops-bench-{Environment.ProcessId}", "kubeconfig"));
using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
using var raw = new HttpClient { BaseAddress = sandbox.BaseAddress };
var collector = new KubernetesEvidenceCollector(
    Options.Create(new CollectOptions()), Redactor.Default, TimeProvider.System, NullLogger<KubernetesEvidenceCollector>.Instance);

// One pod: the bundle for the faulty pod of the big namespace.
var target = new ResourceRef("Pod", namespaceName, faultyPod);
EvidenceBundle? bundle = null;
var onePod = await Measure.CompareAsync(
    "bundle-one-pod", runs, sandbox, raw,
    async () => bundle = await collector.CollectAsync(client, "sandbox", target));
onePod.Extra["bundleObjects"] = bundle!.Objects.Count;
onePod.Extra["bundleEvents"] = bundle.Events.Count;
onePod.Extra["bundleLogs"] = bundle.Logs.Count;
onePod.Extra["bundleJsonBytes"] = JsonSerializer.SerializeToUtf8Bytes(bundle).Length;
Console.WriteLine(onePod.ToJson());

// Sweep: every pod of the big namespace, page by page.
var seen = 0;
var sweep = await Measure.CompareAsync(
    "sweep-namespace", Math.Max(5, runs / 2), sandbox, raw,
    async () =>
    {
        seen = 0;
        await foreach (var _ in ClusterSweep.PodsAsync(client, namespaceName))
            seen++;
    });
sweep.Extra["podsSeen"] = seen;
Console.WriteLine(sweep.ToJson());
return 0;

int ArgInt(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}
