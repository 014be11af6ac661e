using System.Text.Json.Nodes;
using k8s;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Records;
using K8sAiops.Activities.Remediate;
using K8sAiops.Durable;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using Microsoft.Extensions.Options;
using ResourceRef = K8sAiops.Activities.Collect.Evidence.ResourceRef;

namespace K8sAiops.Activities.Tests.Remediate.Support;

/// <summary>
/// A sandbox serving one snapshot, the remediation activities wired to it through a kubeconfig (as the host wires
/// them), in-memory record tables and audit log; each call gets a fresh activity context unless one is given (a
/// redelivery reuses its context).
/// </summary>
internal sealed class RemediationCluster : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private readonly string folder;
    private int taskId;

    private RemediationCluster(SandboxServer server, string folder, RemediationOptions options)
    {
        Server = server;
        this.folder = folder;
        Clients = new KubernetesClients(Options.Create(new KubernetesOptions { Kubeconfig = Path.Combine(folder, "kubeconfig") }), () => []);
        Client = Clients.For().Client;
        var settings = Options.Create(options);
        Audit = new AuditLog(Tables, TimeProvider.System);
        Policy = new RemediationPolicy(settings);
        Breaker = new RemediationBreaker(Tables, Audit, settings, TimeProvider.System);
        Locks = new RemediationLocks(Tables, settings, TimeProvider.System);
    }

    public SandboxServer Server { get; }

    public KubernetesClients Clients { get; }

    public IKubernetes Client { get; }

    public InMemoryRecordTables Tables { get; } = new();

    public AuditLog Audit { get; }

    public RemediationPolicy Policy { get; }

    public RemediationBreaker Breaker { get; }

    public RemediationLocks Locks { get; }

    /// <summary>Every request of every cluster started so far, for the RBAC comparison.</summary>
    public static ApiCalls AllCalls { get; } = new();

    public static async Task<RemediationCluster> StartAsync(ClusterSnapshot snapshot, RemediationOptions? options = null)
    {
        var server = await SandboxServer.StartAsync(snapshot);
        var folder = Directory.CreateTempSubdirectory("k8saiops-remediate-").FullName;
        server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        return new RemediationCluster(server, folder, options ?? new RemediationOptions());
    }

    /// <summary>A small healthy cluster with the fault of <paramref name="category"/> injected (none when null).</summary>
    public static async Task<(RemediationCluster Cluster, InjectedFault? Fault)> StartWithFaultAsync(string? category, RemediationOptions? options = null)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = Now, Namespaces = 1, DeploymentsPerNamespace = 2 });
        var fault = category is null ? null : Faults.Inject(snapshot, category, new FaultOptions { Now = Now });
        return (await StartAsync(snapshot, options), fault);
    }

    public TaskActivityContext NewContext(string instanceId) =>
        new(new TaskName("remediate"), instanceId, Interlocked.Increment(ref taskId), "exec-1");

    public Task<RemediationPlan> PlanAsync(string instanceId, ProposedAction action, TaskActivityContext? context = null) =>
        new PlanRemediation(Clients, Policy, Breaker, Locks, Audit).RunAsync(context ?? NewContext(instanceId), new PlanRemediationRequest(instanceId, action, null, Now));

    public Task<RemediationApplied> ApplyAsync(string instanceId, RemediationPlan plan, TaskActivityContext? context = null) =>
        new ApplyRemediation(Clients, Locks, Audit, TimeProvider.System).RunAsync(context ?? NewContext(instanceId), new ApplyRemediationRequest(instanceId, plan, "alice"));

    public Task<VerificationCheck> VerifyAsync(string instanceId, RemediationPlan plan, RemediationApplied applied) =>
        new VerifyRemediation(Clients, Audit).RunAsync(NewContext(instanceId), new VerifyRemediationRequest(plan, applied));

    public Task<BreakerState> RecordAsync(string instanceId, ResourceRef target, bool passed, TaskActivityContext? context = null) =>
        new RecordVerification(Breaker).RunAsync(context ?? NewContext(instanceId), new RecordVerificationRequest(instanceId, target, passed));

    public Task<bool> ReleaseAsync(string instanceId, ResourceRef target) =>
        new ReleaseRemediation(Locks).RunAsync(NewContext(instanceId), new ReleaseRemediationRequest(instanceId, target));

    /// <summary>Plans, applies and verifies <paramref name="action"/> (plan must be allowed).</summary>
    public async Task<(RemediationPlan Plan, RemediationApplied Applied, VerificationCheck Check)> RemediateAsync(string instanceId, ProposedAction action)
    {
        var plan = await PlanAsync(instanceId, action);
        Assert.True(plan.Allowed, plan.Refusal);
        var applied = await ApplyAsync(instanceId, plan);
        return (plan, applied, await VerifyAsync(instanceId, plan, applied));
    }

    /// <summary>PATCH and DELETE requests that were not dry runs.</summary>
    public List<SandboxRequest> Writes() =>
        [.. Server.Requests.Snapshot().Where(r => r.Method is "PATCH" or "DELETE" or "PUT" or "POST" && !r.Query.Contains("dryRun=All", StringComparison.Ordinal))];

    public async Task<JsonObject> ReadAsync(ResourceRef target) =>
        JsonNode.Parse(KubernetesJson.Serialize(target.Kind switch
        {
            "Deployment" => (object)await Client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace),
            "StatefulSet" => await Client.AppsV1.ReadNamespacedStatefulSetAsync(target.Name, target.Namespace),
            "Node" => await Client.CoreV1.ReadNodeAsync(target.Name),
            _ => await Client.CoreV1.ReadNamespacedPodAsync(target.Name, target.Namespace),
        }))!.AsObject();

    /// <summary>The first Deployment of the cluster's application namespace that no fault touched.</summary>
    public async Task<ResourceRef> HealthyDeploymentAsync()
    {
        var list = await Client.AppsV1.ListDeploymentForAllNamespacesAsync();
        var d = list.Items.First(d => d.Metadata.NamespaceProperty.StartsWith("kube", StringComparison.Ordinal) == false
            && d.Metadata.NamespaceProperty is not ("default" or "monitoring") && d.Status?.ReadyReplicas == d.Spec.Replicas && d.Spec.Replicas > 0);
        return new ResourceRef("Deployment", d.Metadata.NamespaceProperty, d.Metadata.Name);
    }

    public async ValueTask DisposeAsync()
    {
        AllCalls.Add(Server.Requests.Snapshot());
        Clients.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    public static ResourceRef Ref(Sandbox.Synthetic.ResourceRef r) => new(r.Kind, r.Namespace, r.Name);

    public static ProposedAction Action(string kind, ResourceRef target, Dictionary<string, string>? parameters = null, string risk = "medium") => new()
    {
        Kind = kind, Target = target, Risk = risk, Description = $"{kind} {target}", Parameters = parameters ?? [],
    };
}

/// <summary>The requests sandboxes answered, collected across tests.</summary>
internal sealed class ApiCalls
{
    private readonly Lock gate = new();
    private readonly List<SandboxRequest> requests = [];

    public void Add(IEnumerable<SandboxRequest> calls)
    {
        lock (gate)
            requests.AddRange(calls);
    }

    public List<SandboxRequest> Snapshot()
    {
        lock (gate)
            return [.. requests];
    }
}
