using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Redaction;
using K8sAiops.Activities.Resilience;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using ResourceRef = K8sAiops.Activities.Collect.Evidence.ResourceRef;

namespace K8sAiops.Activities.Tests.Collect;

/// <summary>What the collector does around the evidence itself: redaction, secrets, failures turned into notes, bounds.</summary>
public class CollectorBehaviourTests
{
    private static ClusterSnapshot SmallCluster() => SyntheticCluster.Generate(new SyntheticClusterOptions { Now = SandboxCluster.Now });

    private static ResourceRef RefOf(JsonObject obj) => new(obj.Kind(), obj.Namespace(), obj.Name());

    [Fact]
    public async Task CollectAsync_SecretsInLogsEnvAndSecretObjects_NeverLeaveTheBundle()
    {
        var snapshot = SmallCluster();
        var pod = snapshot.PodWithSecretEnv();
        var (secretName, secretKey) = pod.SecretEnvReference();
        var secret = snapshot.OfKind("Secret").Single(s => s.Name() == secretName && s.Namespace() == pod.Namespace());
        var secretValue = (string)secret["data"]![secretKey]!;
        const string jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYXJ0In0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        pod["spec"]!["containers"]![0]!["env"]!.AsArray().Add(new JsonObject { ["name"] = "API_TOKEN", ["value"] = "tok-live-0d9f8e7c6b5a" });
        var logKey = new ContainerLogKey(pod.Namespace(), pod.Name(), pod.FirstContainer(), false);
        snapshot.Logs[logKey] = string.Join('\n',
            "INFO starting",
            "ERROR cannot connect to postgres://app:s3cr3tPassw0rd@postgres:5432/app: connection refused",
            $"ERROR upstream rejected Authorization: Bearer {jwt}",
            "INFO retrying in 5s") + "\n";
        await using var cluster = await SandboxCluster.StartAsync(snapshot);

        var bundle = await cluster.CollectAsync(RefOf(pod));

        var json = JsonSerializer.Serialize(bundle);
        Assert.DoesNotContain("s3cr3tPassw0rd", json, StringComparison.Ordinal);
        Assert.DoesNotContain(jwt, json, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-live-0d9f8e7c6b5a", json, StringComparison.Ordinal);
        Assert.DoesNotContain(secretValue, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Encoding.UTF8.GetString(Convert.FromBase64String(secretValue)), json, StringComparison.Ordinal);
        // The Secret is there with its key names, so "missing key" can still be judged.
        var secretEvidence = Assert.Single(bundle.OfKind("Secret"), s => s.Ref.Name == secretName);
        Assert.Equal(ObjectTrimmer.Masked, (string?)secretEvidence.Object["data"]![secretKey]);
        // The error lines stay readable, only the secrets are masked.
        var log = Assert.Single(bundle.Logs, l => l.Container == pod.FirstContainer() && !l.Previous);
        Assert.Contains(log.ErrorLines, l => l.Contains("connection refused", StringComparison.Ordinal) && l.Contains("postgres", StringComparison.Ordinal));
        Assert.Equal(2, log.Redactions);
    }

    [Fact]
    public async Task CollectAsync_PreviousLogMissing_BecomesANoteAndTheRestIsCollected()
    {
        var snapshot = SmallCluster();
        var pod = snapshot.PodWithSecretEnv();
        var status = pod["status"]!["containerStatuses"]![0]!.AsObject();
        status["restartCount"] = 3;
        status["lastState"] = new JsonObject
        {
            ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = "2026-11-20T09:00:00Z", ["finishedAt"] = "2026-11-20T09:01:00Z" },
        };
        snapshot.Logs.Remove(new ContainerLogKey(pod.Namespace(), pod.Name(), pod.FirstContainer(), true));
        await using var cluster = await SandboxCluster.StartAsync(snapshot);

        var bundle = await cluster.CollectAsync(RefOf(pod));

        var note = Assert.Single(bundle.Notes, n => n.Text.StartsWith($"previous logs of container {pod.FirstContainer()} unavailable", StringComparison.Ordinal));
        Assert.True(note.CollectionFailed);
        Assert.Contains("previous terminated container", note.Text, StringComparison.Ordinal);
        Assert.Contains(bundle.Logs, l => l.Container == pod.FirstContainer() && !l.Previous);
        Assert.NotNull(bundle.Find(RefOf(pod)));
    }

    [Fact]
    public async Task CollectAsync_ReferencedSecretMissing_NotesWhichSecretAndWhere()
    {
        var snapshot = SmallCluster();
        var pod = snapshot.PodWithSecretEnv();
        var (secretName, _) = pod.SecretEnvReference();
        snapshot.Objects.RemoveAll(o => o.Kind() == "Secret" && o.Name() == secretName && o.Namespace() == pod.Namespace());
        await using var cluster = await SandboxCluster.StartAsync(snapshot);

        var bundle = await cluster.CollectAsync(RefOf(pod));

        var note = Assert.Single(bundle.Notes, n => n.Text.StartsWith($"Secret {pod.Namespace()}/{secretName} referenced by pod {pod.Name()}", StringComparison.Ordinal));
        Assert.Equal(NoteSeverity.Error, note.Severity);
        Assert.Contains("does not exist", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectAsync_ClusterUnreachable_ReturnsABundleThatSaysSo()
    {
        var port = K8sAiops.Testing.Azurite.FreePort();
        var pipeline = RemoteCallPipeline.Create("Kubernetes", new RemoteCallOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(1), TotalTimeout = TimeSpan.FromSeconds(3), MaxRetryAttempts = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = $"http://127.0.0.1:{port}" }, new ResilienceHandler(pipeline));
        var collector = new KubernetesEvidenceCollector(Options.Create(new CollectOptions()), Redactor.Default, TimeProvider.System,
            NullLogger<KubernetesEvidenceCollector>.Instance);

        var bundle = await collector.CollectAsync(client, "down", new ResourceRef("Pod", "shop", "cart-0"));

        var note = Assert.Single(bundle.Notes);
        Assert.Equal(NoteSeverity.Error, note.Severity);
        Assert.True(note.CollectionFailed);
        Assert.StartsWith("Pod pod/shop/cart-0 unavailable: ", note.Text, StringComparison.Ordinal);
        Assert.Contains("Kubernetes", note.Text, StringComparison.Ordinal);
        Assert.Empty(bundle.Objects);
    }

    [Fact]
    public async Task CollectAsync_DeploymentTarget_BringsReplicaSetsPodsWithinBoundsAndAReadinessCount()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = SandboxCluster.Now, ReplicasPerDeployment = 8 });
        var deployment = snapshot.OfKind("Deployment").First(d => d.Namespace() == "shop");
        await using var cluster = await SandboxCluster.StartAsync(snapshot);

        var bundle = await cluster.CollectAsync(RefOf(deployment), new CollectOptions { MaxPodsPerWorkload = 3 });

        Assert.Equal(EvidenceRole.Target, bundle.Find(RefOf(deployment))!.Role);
        Assert.Contains(bundle.Objects, o => o.Ref.Kind == "ReplicaSet" && o.Role == EvidenceRole.Child);
        Assert.Equal(3, bundle.OfKind("Pod").Count());
        Assert.Contains(bundle.Notes, n => n.Text.StartsWith("8 of 8 pods selected by", StringComparison.Ordinal));
        Assert.All(bundle.Objects, o => Assert.Null(o.Object["metadata"]!["managedFields"]));
        // Ids are unique and every item has one.
        var ids = bundle.Objects.Select(o => o.Id).Concat(bundle.Events.Select(e => e.Id)).Concat(bundle.Logs.Select(l => l.Id))
            .Concat(bundle.NodeAllocations.Select(a => a.Id)).Concat(bundle.Notes.Select(n => n.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^ev-[0-9]+$", id));
    }
}
