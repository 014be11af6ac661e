using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Sandbox.Tests.Synthetic;

/// <summary>The further fault forms (<see cref="Faults.Forms"/>) leave the evidence real clusters show for them.</summary>
public sealed class FaultFormsTests
{
    public static TheoryData<string> Forms() => new(Faults.Forms);

    private static (ClusterSnapshot Snapshot, InjectedFault Fault) Inject(string form)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Nodes = 3, Seed = 3 });
        return (snapshot, Faults.InjectForm(snapshot, form, new FaultOptions { Now = ClusterQueries.Now }));
    }

    private static JsonObject Object(ClusterSnapshot snapshot, ResourceRef reference) =>
        snapshot.Get(reference.Kind, reference.Namespace.Length == 0 ? null : reference.Namespace, reference.Name);

    [Theory]
    [MemberData(nameof(Forms))]
    public void InjectForm_AnyForm_CulpritAndTargetExistAndCategoryIsTheFormsOwn(string form)
    {
        var (snapshot, fault) = Inject(form);

        Assert.Equal(Faults.CategoryOf(form), fault.Category);
        Assert.Contains(fault.Category, Faults.Categories);
        Assert.NotNull(Object(snapshot, fault.Culprit));
        Assert.NotNull(Object(snapshot, fault.AlertTarget));
        Assert.NotEmpty(fault.Evidence);
    }

    [Fact]
    public void InjectForm_UnknownForm_ThrowsNamingTheForms()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 3 });

        var error = Assert.Throws<ArgumentException>(() => Faults.InjectForm(snapshot, "no-such-form", new FaultOptions { Now = ClusterQueries.Now }));

        Assert.Contains("liveness-slow-start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LivenessSlowStart_Pod_KilledByLivenessWithExit137ErrorNotOom()
    {
        var (snapshot, fault) = Inject("liveness-slow-start");

        var pod = Object(snapshot, fault.AlertTarget);
        var status = pod.ContainerStatuses().First();
        Assert.Equal(137, status["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("Error", status.Str("lastState", "terminated", "reason"));
        Assert.True(status["restartCount"]!.GetValue<int>() > 5);
        var events = snapshot.EventsFor(pod).ToList();
        Assert.Contains(events, e => e.Str("reason") == "Unhealthy" && e.Str("message")!.StartsWith("Liveness probe failed: Get \"http://", StringComparison.Ordinal)
            && e.Str("message")!.EndsWith(": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Str("reason") == "Killing" && e.Str("message") == $"Container {status.Str("name")} failed liveness probe, will be restarted");
        Assert.DoesNotContain(events, e => e.Str("message")?.Contains("OOM", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void WaitForFirstConsumer_ClaimPendingAndPodUnschedulableOnItsSelector()
    {
        var (snapshot, fault) = Inject("wait-for-first-consumer");

        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Equal("Pending", pod.Str("status", "phase"));
        var scheduling = Assert.Single(snapshot.EventsFor(pod), e => e.Str("reason") == "FailedScheduling");
        Assert.StartsWith("0/3 nodes are available: ", scheduling.Str("message"), StringComparison.Ordinal);
        Assert.Contains("node(s) didn't match Pod's node affinity/selector", scheduling.Str("message"), StringComparison.Ordinal);
        var claimName = pod["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!.Str("claimName")!;
        var claim = snapshot.Get("PersistentVolumeClaim", pod.Namespace(), claimName);
        Assert.Equal("Pending", claim.Str("status", "phase"));
        Assert.Equal("WaitForFirstConsumer", snapshot.Get("StorageClass", null, claim.Str("spec", "storageClassName")!).Str("volumeBindingMode"));
        var waiting = Assert.Single(snapshot.EventsFor(claim));
        Assert.Equal(("Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding"), (waiting.Str("type"), waiting.Str("reason"), waiting.Str("message")));
    }

    [Fact]
    public void InitWaits_Pod_InitContainerRunningLongWithoutRestartsAndLogsRefusal()
    {
        var (snapshot, fault) = Inject("init-waits");

        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Equal("Pending", pod.Str("status", "phase"));
        var init = pod.ContainerStatuses("initContainerStatuses").Single();
        Assert.NotNull(init["state"]!["running"]);
        Assert.Equal(0, init["restartCount"]!.GetValue<int>());
        Assert.Equal("PodInitializing", pod.ContainerStatuses().First().Str("state", "waiting", "reason"));
        var log = snapshot.Logs[new ContainerLogKey(pod.Namespace(), pod.Name(), init.Str("name")!, false)];
        Assert.Contains($"nc: connect to {fault.Culprit.Name} port 5432 (tcp) failed: Connection refused", log, StringComparison.Ordinal);
        Assert.Equal("StatefulSet", fault.Culprit.Kind);
    }

    [Fact]
    public void EvictedDisk_Node_PressureClearedAndEvictedPodsRemain()
    {
        var (snapshot, fault) = Inject("evicted-disk");

        var node = Object(snapshot, fault.Culprit);
        Assert.Equal("False", node.Condition("DiskPressure").Str("status"));
        var evicted = snapshot.OfKind("Pod").Where(p => p.Str("status", "reason") == "Evicted" && p.Str("spec", "nodeName") == node.Name()).ToList();
        Assert.True(evicted.Count >= 3, $"{evicted.Count} evicted pods");
        Assert.All(evicted, p =>
        {
            Assert.Equal("Failed", p.Str("status", "phase"));
            Assert.StartsWith("The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: ", p.Str("status", "message"), StringComparison.Ordinal);
        });
        Assert.Contains(snapshot.EventsFor(node), e => e.Str("reason") == "EvictionThresholdMet" && e.Str("message") == "Attempting to reclaim ephemeral-storage");
    }
}
