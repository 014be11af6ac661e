using System.Text.Json.Nodes;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Synthetic;

using ResourceRef = K8sAiops.Activities.Collect.Evidence.ResourceRef;

namespace K8sAiops.Activities.Tests.Collect;

/// <summary>
/// For every taxonomy category that shows in objects or logs: build the fault in the sandbox, resolve the alert's
/// target from the labels Alertmanager would send, collect, and check the bundle holds the culprit and the
/// evidence <c>diagnosis-taxonomy.md</c> lists for the category.
/// </summary>
public class TaxonomyEvidenceTests
{
    /// <summary>Category → a check of the taxonomy's "typical evidence" column; returns what is missing, or null.</summary>
    private static readonly Dictionary<string, Func<EvidenceBundle, string?>> Evidence = new()
    {
        ["oom-killed"] = b => b.ContainerStatuses().Any(s => s.Str("lastState", "terminated", "reason") == "OOMKilled" && s.Str("lastState", "terminated", "exitCode") == "137")
            ? null : "a container whose lastState.terminated is OOMKilled with exit code 137",
        ["crash-loop"] = b =>
            !b.ContainerStatuses().Any(s => s.Str("state", "waiting", "reason") == "CrashLoopBackOff") ? "waiting.reason CrashLoopBackOff"
            : !b.ContainerStatuses().Any(s => s.Str("lastState", "terminated", "exitCode") is { } code && code != "0") ? "a non-zero terminated.exitCode"
            : !b.Logs.Any(l => l.Previous && l.ErrorLines.Count > 0) ? "error lines in the previous logs"
            : null,
        ["bad-command"] = b =>
            b.ContainerStatuses().Any(s => s.Str("state", "waiting", "reason") is "RunContainerError" or "StartError" or "ContainerCannotRun"
                                           || s.Str("lastState", "terminated", "reason") is "StartError" or "ContainerCannotRun")
            && (b.HasEvent("Failed", "executable file not found") || b.ContainerStatuses().Any(s => (s.ToJsonString()).Contains("executable file not found", StringComparison.Ordinal)))
                ? null : "RunContainerError/StartError and 'executable file not found'",
        ["image-pull"] = b =>
            b.ContainerStatuses().Any(s => s.Str("state", "waiting", "reason") is "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName")
            && (b.HasEvent("Failed", "Failed to pull image") || b.HasEvent("Failed", "InvalidImageName") || b.HasEvent("InspectFailed"))
                ? null : "ErrImagePull/ImagePullBackOff and a 'Failed to pull image' event",
        ["missing-config"] = b =>
            (b.ContainerStatuses().Any(s => s.Str("state", "waiting", "reason") == "CreateContainerConfigError") || b.HasEvent("FailedMount", "not found"))
            && b.Notes.Any(n => n.Severity == NoteSeverity.Error && (n.Text.Contains("does not exist", StringComparison.Ordinal) || n.Text.Contains("has no key", StringComparison.Ordinal)))
                ? null : "CreateContainerConfigError (or FailedMount not found) and a note naming the missing object or key",
        ["insufficient-resources"] = b => b.HasEvent("FailedScheduling", "Insufficient") ? null : "a FailedScheduling event saying Insufficient",
        ["scheduling-constraints"] = b =>
            b.HasEvent("FailedScheduling", "didn't match") || b.HasEvent("FailedScheduling", "untolerated taint")
                ? null : "a FailedScheduling event about affinity/selector or an untolerated taint",
        ["pvc-pending"] = b =>
            !b.OfKind("PersistentVolumeClaim").Any(o => o.Object.Str("status", "phase") == "Pending") ? "a Pending PersistentVolumeClaim"
            : !(b.HasEvent("ProvisioningFailed") || b.HasEvent("FailedBinding") || b.HasNote("StorageClass")) ? "ProvisioningFailed/FailedBinding or a missing StorageClass"
            : !b.HasEvent("FailedScheduling", "unbound immediate PersistentVolumeClaims") ? "the pod's 'unbound immediate PersistentVolumeClaims' event"
            : null,
        ["volume-mount"] = b =>
            b.HasEvent("FailedAttachVolume") || b.HasEvent("FailedMount") ? null : "a FailedAttachVolume or FailedMount event",
        ["disk-full"] = b => b.LogsContain("No space left on device") ? null : "'No space left on device' in the logs",
        ["probe-failure"] = b => b.HasEvent("Unhealthy", "probe failed") ? null : "an Unhealthy 'probe failed' event",
        ["init-container-failure"] = b =>
            b.ContainerStatuses(init: true).Any(s => s.Str("state", "waiting", "reason") is "CrashLoopBackOff" or "Error"
                                                   || (s.Str("state", "terminated", "exitCode") ?? s.Str("lastState", "terminated", "exitCode")) is { } code && code != "0")
            && b.Logs.Any(l => b.ContainerStatuses(init: true).Any(s => s.Str("name") == l.Container))
                ? null : "a failing init container status and its logs",
        ["quota-exceeded"] = b =>
            b.Events.Any(e => e.InvolvedObject.Kind == "ReplicaSet" && e.Reason == "FailedCreate" && e.Message.Contains("exceeded quota", StringComparison.Ordinal))
            && b.OfKind("ResourceQuota").Any()
                ? null : "a ReplicaSet FailedCreate 'exceeded quota' event and the ResourceQuota",
        ["node-pressure"] = b =>
            b.OfKind("Node").Any(n => n.Object.HasCondition("MemoryPressure", "True") || n.Object.HasCondition("DiskPressure", "True") || n.Object.HasCondition("PIDPressure", "True"))
            && (b.HasNote("evicted") || b.Pods().Any(p => p.Str("status", "reason") == "Evicted"))
                ? null : "a node with a Pressure condition True and evicted pods",
        ["node-not-ready"] = b =>
            b.OfKind("Node").Any(n => n.Object["status"]?["conditions"]?.AsArray().Any(c => c.Str("type") == "Ready" && c.Str("status") != "True") == true)
                ? null : "a node whose Ready condition is False or Unknown",
        ["service-no-endpoints"] = b =>
            b.OfKind("Service").Any() && (b.HasNote("selects no pods") || b.HasNote("no ready endpoints"))
                ? null : "the Service and a note that it selects no pods / has no ready endpoints",
        ["service-port-mismatch"] = b => b.HasNote("which no selected pod declares") ? null : "a note that the targetPort matches no container port",
        ["scaled-to-zero"] = b =>
            b.Objects.Any(o => o.Ref.Kind is "Deployment" or "StatefulSet" && o.Object.Str("spec", "replicas") == "0")
            && (b.HasEvent("ScalingReplicaSet", "to 0") || b.HasNote("no ready endpoints") || b.HasNote("selects no pods"))
                ? null : "a workload with spec.replicas 0 and a scale-down event or a Service without endpoints",
        ["dependency-unavailable"] = b =>
            !b.LogLines().Any(l => l.Contains("connection refused", StringComparison.OrdinalIgnoreCase) || l.Contains("no such host", StringComparison.OrdinalIgnoreCase)
                                   || l.Contains("timeout", StringComparison.OrdinalIgnoreCase)) ? "connection errors in the logs"
            : !b.Objects.Any(o => o.Role == EvidenceRole.Dependency) ? "the dependency the logs name"
            : null,
        ["rbac-denied"] = b =>
            b.LogLines().Any(l => l.Contains("forbidden", StringComparison.Ordinal) && l.Contains("system:serviceaccount:", StringComparison.Ordinal))
                ? null : "a 'forbidden: User \"system:serviceaccount:...\"' log line",
        ["hpa-misconfigured"] = b =>
            b.OfKind("HorizontalPodAutoscaler").Any(h => h.Object.HasCondition("ScalingActive", "False") || h.Object.HasCondition("AbleToScale", "False"))
            || b.HasEvent("FailedGetResourceMetric") || b.HasEvent("FailedGetScale")
                ? null : "the HPA with ScalingActive=False or a FailedGetResourceMetric event",
        ["job-failed"] = b =>
            b.OfKind("Job").Any(j => j.Object["status"]?["conditions"]?.AsArray().Any(c => c.Str("type") == "Failed" && c.Str("status") == "True"
                                                                                          && c.Str("reason") is "BackoffLimitExceeded" or "DeadlineExceeded") == true)
                ? null : "a Job with condition Failed (BackoffLimitExceeded or DeadlineExceeded)",
    };

    public static TheoryData<string> Categories() => [.. Evidence.Keys];

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task CollectAsync_InjectedFault_BundleHoldsCulpritAndTaxonomyEvidence(string category)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = SandboxCluster.Now, Noise = true });
        var fault = Faults.Inject(snapshot, category, new FaultOptions { Now = SandboxCluster.Now });
        await using var cluster = await SandboxCluster.StartAsync(snapshot);

        var target = AlertTargets.Resolve(fault.AlertLabels, out var reason);
        Assert.NotNull(target);
        Assert.Equal(Ref(fault.AlertTarget), target);
        var bundle = await cluster.CollectAsync(target);

        var culprit = Ref(fault.Culprit);
        Assert.True(bundle.Find(culprit) is not null,
            $"{category}: the culprit {culprit} is not in the bundle (target {target} from {reason})\n{bundle.Describe()}");
        var missing = Evidence[category](bundle);
        Assert.True(missing is null, $"{category}: the bundle lacks {missing}\nfault: {string.Join("; ", fault.Evidence)}\n{bundle.Describe()}");
        Assert.DoesNotContain(bundle.Notes, n => n.CollectionFailed && n.Severity == NoteSeverity.Error);
    }

    [Fact]
    public void Categories_CoverEveryTaxonomyIdThatShowsInObjectsOrLogs()
    {
        // Every id of diagnosis-taxonomy.md except cpu-throttling (metrics only) and no-issue (nothing to inject).
        string[] taxonomy =
        [
            "oom-killed", "crash-loop", "bad-command", "image-pull", "missing-config", "insufficient-resources", "scheduling-constraints",
            "pvc-pending", "volume-mount", "disk-full", "probe-failure", "init-container-failure", "quota-exceeded", "node-pressure",
            "node-not-ready", "service-no-endpoints", "service-port-mismatch", "scaled-to-zero", "dependency-unavailable", "rbac-denied",
            "hpa-misconfigured", "job-failed",
        ];

        Assert.Equal(taxonomy.Order(), Evidence.Keys.Order());
    }

    private static ResourceRef Ref(K8sAiops.Sandbox.Synthetic.ResourceRef r) => new(r.Kind, r.Namespace, r.Name);
}
