using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Durable;
using K8sAiops.Functions.Hosting;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace K8sAiops.Bench.Diagnosis;

// Alert-to-diagnosis latency: the host on Azurite (rules only, no LLM), a sandbox cluster with several faults,
// and N alerts posted one at a time to /api/alerts; each is timed from the POST to the completed diagnosis seen by
// the client. In the same run, the runtime's bare round trip: a one-activity orchestration scheduled and awaited N
// times. Prints one JSON line with p50/p95 of both.
// Usage: dotnet run -c Release --project bench/K8sAiops.Bench.Diagnosis [-- --alerts 50]
internal static class DiagnosisBench
{
    public static async Task<int> Main(string[] args)
    {
        var count = args.Length > 1 && args[0] == "--alerts" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var now = DateTimeOffset.UtcNow;
        string[] categories = ["node-not-ready", "oom-killed", "crash-loop", "image-pull", "missing-config", "pvc-pending", "job-failed", "quota-exceeded"];

        Console.Error.WriteLine("generating the cluster and starting Azurite, the sandbox and the host ...");
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = now, Nodes = 5, Namespaces = 3 });
        var faults = categories.Select(c => Faults.Inject(snapshot, c, new FaultOptions { Now = now })).ToList();
        await using var sandbox = await SandboxServer.StartAsync(snapshot);
        var work = Directory.CreateTempSubdirectory("k8saiops-bench-diagnosis-").FullName;
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(work, "kubeconfig"));
        const string Key = "bench-key-0123456789abcdef";
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync(),
            ["Durable:TaskHubName"] = Azurite.NewTaskHubName("diag"),
            ["Collect:Kubernetes:Kubeconfig"] = kubeconfig,
            ["Management:FunctionKeys"] = Key,
            ["Http:Port"] = "0",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        await using var host = global::Program.BuildWebHost(new HostSettings { ContentRoot = work, CommandLine = settings }, builder =>
            builder.Services.AddDurableTasks(registry => registry
                .AddActivityFunc<int, int>("Echo", (_, n) => n)
                .AddOrchestratorFunc<int, int>("OneActivity", (context, n) => context.CallActivityAsync<int>("Echo", n))));
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("x-functions-key", Key);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var categoriesSeen = new Dictionary<string, int>(StringComparer.Ordinal);

        // Warm up both paths once.
        await RoundTripAsync(-1);
        await DiagnoseAsync(faults[0], -1);

        var bare = new List<double>();
        for (var i = 0; i < count; i++)
            bare.Add(await RoundTripAsync(i));
        var diagnosis = new List<double>();
        for (var i = 0; i < count; i++)
        {
            Console.Error.Write($"\ralert {i + 1}/{count}");
            diagnosis.Add(await DiagnoseAsync(faults[i % faults.Count], i));
        }
        Console.Error.WriteLine();

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            scenario = "alert-to-diagnosis",
            alerts = count,
            store = "azurite",
            analysis = "rules",
            diagnosisP50Ms = Percentile(diagnosis, 0.50),
            diagnosisP95Ms = Percentile(diagnosis, 0.95),
            bareOneActivityP50Ms = Percentile(bare, 0.50),
            bareOneActivityP95Ms = Percentile(bare, 0.95),
            categories = categoriesSeen,
        }));
        Directory.Delete(work, recursive: true);
        return 0;

        async Task<double> RoundTripAsync(int n)
        {
            var clock = Stopwatch.StartNew();
            var id = await client.ScheduleNewOrchestrationInstanceAsync("OneActivity", n);
            await client.WaitForInstanceCompletionAsync(id);
            return clock.Elapsed.TotalMilliseconds;
        }

        async Task<double> DiagnoseAsync(InjectedFault fault, int n)
        {
            var labels = new JsonObject();
            foreach (var (key, value) in fault.AlertLabels)
                labels[key] = value;
            var body = new JsonObject
            {
                ["version"] = "4", ["status"] = "firing", ["receiver"] = "bench",
                ["groupKey"] = $"{{}}:{{alertname=\"{fault.AlertLabels["alertname"]}\",run=\"{n}\"}}",
                ["alerts"] = new JsonArray(new JsonObject
                {
                    ["status"] = "firing", ["labels"] = labels, ["annotations"] = new JsonObject(),
                    ["startsAt"] = now.AddMinutes(-10).ToString("O"), ["endsAt"] = "0001-01-01T00:00:00Z",
                    ["fingerprint"] = $"{n + 1000:x16}",
                }),
            };
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsync("api/alerts", JsonContent.Create(body));
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (n >= 0 && done.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
            {
                var category = JsonNode.Parse(done.SerializedOutput!)!["rootCause"]!["category"]!.GetValue<string>();
                var key = fault.Category == category ? $"{category}: right" : $"{fault.Category}: got {category}";
                categoriesSeen[key] = categoriesSeen.GetValueOrDefault(key) + 1;
            }
            return elapsed;
        }

        double Percentile(List<double> values, double p)
        {
            var sorted = values.Order().ToList();
            var index = (int)Math.Ceiling(p * sorted.Count) - 1;
            return Math.Round(sorted[Math.Clamp(index, 0, sorted.Count - 1)], 1);
        }
    }
}
