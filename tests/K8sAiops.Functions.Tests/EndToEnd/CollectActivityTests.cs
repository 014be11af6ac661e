using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Durable;
using K8sAiops.Functions.Durable;
using K8sAiops.Functions.Tests.Support;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Synthetic;
using ResourceRef = K8sAiops.Activities.Collect.Evidence.ResourceRef;

namespace K8sAiops.Functions.Tests.EndToEnd;

/// <summary>The collection activity as the host runs it: configured from settings, called by an orchestration, its bundle returned through the runtime.</summary>
public class CollectActivityTests
{
    private const string Orchestration = "CollectForTest";

    [Fact]
    public async Task CollectKubernetesEvidence_CalledByAnOrchestration_ReturnsTheBundleFromTheConfiguredCluster()
    {
        var now = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = now });
        var fault = Faults.Inject(snapshot, "oom-killed", new FaultOptions { Now = now });
        await using var sandbox = await SandboxServer.StartAsync(snapshot);
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("k8saiops-e2e-").FullName, "kubeconfig"), "lab");
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["Collect:Kubernetes:Kubeconfig"] = kubeconfig },
            localSettingsJson: null, defaults: true,
            configure: builder => builder.Services.AddDurableTasks(registry => registry.AddOrchestratorFunc<CollectEvidenceRequest, EvidenceBundle>(
                Orchestration, (context, request) => context.CallActivityAsync<EvidenceBundle>(nameof(CollectKubernetesEvidence), request))));
        var target = AlertTargets.Resolve(fault.AlertLabels, out _)!;

        var id = await host.StartOrchestrationAsync(Orchestration, new CollectEvidenceRequest(target));
        var done = await host.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var bundle = done.ReadOutputAs<EvidenceBundle>()!;
        Assert.Equal("lab", bundle.Cluster);
        Assert.Equal(target, bundle.Target);
        Assert.NotNull(bundle.Find(new ResourceRef(fault.Culprit.Kind, fault.Culprit.Namespace, fault.Culprit.Name)));
        Assert.Contains(bundle.OfKind("Pod"), p => p.Object.ToJsonString().Contains("OOMKilled", StringComparison.Ordinal));
        Assert.True(bundle.ApiRequests > 0);
        Assert.Equal(bundle.ApiRequests, sandbox.Requests.Count);
    }
}
