using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Tests.Server;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Sandbox.Tests.Behaviour;

/// <summary>
/// A sandbox and the writes remediations make, sent over HTTP the way kubectl sends them: <c>rollout restart</c>
/// (a strategic merge patch of the template's annotations), <c>rollout undo</c> (a JSON patch replacing the template
/// with the older ReplicaSet's), strategic merge patches of a container.
/// </summary>
internal sealed class Remediation : IAsyncDisposable
{
    private const string Strategic = "application/strategic-merge-patch+json";

    private Remediation(SandboxServer server, ApiClient api, FakeTimeProvider clock)
    {
        Server = server;
        Api = api;
        Clock = clock;
    }

    public SandboxServer Server { get; }

    public ApiClient Api { get; }

    public FakeTimeProvider Clock { get; }

    public static async Task<Remediation> StartAsync(ClusterSnapshot snapshot, FaultModel? faults = null, DateTimeOffset? now = null)
    {
        var clock = new FakeTimeProvider(now ?? TestCluster.Now);
        var server = await SandboxServer.StartAsync(snapshot, new SandboxServerOptions { TimeProvider = clock, Faults = faults });
        return new Remediation(server, new ApiClient(server.BaseAddress), clock);
    }

    public async Task RestartAsync(string ns, string deployment)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var at = Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await PatchDeploymentAsync(ns, deployment, """{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":""" + "\"" + at + "\"}}}}}");
    }

    /// <summary>What <c>kubectl rollout undo --to-revision</c> sends: the ReplicaSet's template without its hash label.</summary>
    public async Task RollBackAsync(string ns, string deployment, string replicaSet)
    {
        var template = Server.GetObject(ResourceKinds.ReplicaSet, ns, replicaSet)!["spec"]!["template"]!.DeepClone().AsObject();
        template["metadata"]!["labels"]!.AsObject().Remove("pod-template-hash");
        var patch = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = template });
        Clock.Advance(TimeSpan.FromMinutes(1));
        var (status, body) = await Api.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{deployment}", "application/json-patch+json", patch.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"{status} {body}");
    }

    public async Task PatchContainerAsync(string ns, string deployment, string containerPatch)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await PatchDeploymentAsync(ns, deployment, """{"spec":{"template":{"spec":{"containers":[""" + containerPatch + "]}}}}");
    }

    public async Task PatchDeploymentAsync(string ns, string deployment, string patch)
    {
        var (status, body) = await Api.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{deployment}", Strategic, patch);
        Assert.True(status == HttpStatusCode.OK, $"{status} {body}");
    }

    /// <summary>The pods of the Deployment's ReplicaSets.</summary>
    public List<JsonObject> Pods(string ns, string deployment)
    {
        var sets = Server.ListObjects(ResourceKinds.ReplicaSet, ns)
            .Where(s => s["metadata"]!["ownerReferences"]?[0]?["name"]?.GetValue<string>() == deployment)
            .Select(s => s["metadata"]!["name"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        return Server.ListObjects(ResourceKinds.Pod, ns)
            .Where(p => p["metadata"]!["ownerReferences"]?[0]?["name"]?.GetValue<string>() is { } owner && sets.Contains(owner))
            .ToList();
    }

    /// <summary>The pods created by the sandbox (after load), i.e. those created at or after the clock's start.</summary>
    public List<JsonObject> NewPods(string ns, string deployment, DateTimeOffset since) =>
        Pods(ns, deployment).Where(p => DateTimeOffset.Parse(p["metadata"]!["creationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= since).ToList();

    public JsonObject Deployment(string ns, string name) => Server.GetObject(ResourceKinds.Deployment, ns, name)!;

    public List<JsonObject> EventsOf(JsonObject pod) =>
        Server.ListObjects(ResourceKinds.Event, pod["metadata"]!["namespace"]!.GetValue<string>())
            .Where(e => e["involvedObject"]!["uid"]?.GetValue<string>() == pod["metadata"]!["uid"]!.GetValue<string>())
            .ToList();

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Reading pod and workload status in tests.</summary>
internal static class PodStatus
{
    public static JsonNode Container(JsonObject pod, int index = 0) => pod["status"]!["containerStatuses"]![index]!;

    public static string? WaitingReason(JsonObject pod) => Container(pod)["state"]!["waiting"]?["reason"]?.GetValue<string>();

    public static bool IsRunningAndReady(JsonObject pod) =>
        pod["status"]!["phase"]!.GetValue<string>() == "Running"
        && Container(pod)["state"]!["running"] is not null
        && Container(pod)["ready"]!.GetValue<bool>()
        && Condition(pod, "Ready") == "True";

    public static string? Condition(JsonObject obj, string type) =>
        obj["status"]!["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();

    public static string? ConditionReason(JsonObject obj, string type) =>
        obj["status"]!["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["reason"]?.GetValue<string>();

    /// <summary>A status counter; the API leaves zero counters out.</summary>
    public static int Counter(JsonObject workload, string field) => workload["status"]![field]?.GetValue<int>() ?? 0;
}
