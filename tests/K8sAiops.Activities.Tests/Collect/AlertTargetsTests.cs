using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Tests.Collect;

public class AlertTargetsTests
{
    // kube-state-metrics target labels (T in alerting-reference.md §4) that ride along on every KSM alert.
    private static readonly Dictionary<string, string> KsmTarget = new()
    {
        ["container"] = "kube-state-metrics",
        ["endpoint"] = "http",
        ["instance"] = "10.244.1.7:8080",
        ["job"] = "kube-state-metrics",
        ["service"] = "prometheus-kube-state-metrics",
        ["pod"] = "prometheus-kube-state-metrics-6d8f7c9b5-x2x7k",
        ["namespace"] = "monitoring",
    };

    private static Dictionary<string, string> With(Dictionary<string, string> baseLabels, params (string Key, string Value)[] labels)
    {
        var all = new Dictionary<string, string>(baseLabels);
        foreach (var (key, value) in labels)
            all[key] = value;
        return all;
    }

    [Fact]
    public void Resolve_CrashLoopingAlert_NamesThePod()
    {
        var labels = With(KsmTarget, ("alertname", "KubePodCrashLooping"), ("namespace", "shop"), ("pod", "cart-7d9f8b6c5-abcde"),
            ("container", "cart"), ("reason", "CrashLoopBackOff"));

        var target = AlertTargets.Resolve(labels, out var reason);

        Assert.Equal(new ResourceRef("Pod", "shop", "cart-7d9f8b6c5-abcde"), target);
        Assert.Equal("label 'pod'", reason);
    }

    [Fact]
    public void Resolve_DeploymentAlertWithKsmPodLabel_NamesTheDeploymentNotTheKsmPod()
    {
        var labels = With(KsmTarget, ("alertname", "KubeDeploymentReplicasMismatch"), ("namespace", "shop"), ("deployment", "cart"));

        Assert.Equal(new ResourceRef("Deployment", "shop", "cart"), AlertTargets.Resolve(labels, out _));
    }

    [Fact]
    public void Resolve_JobFailed_UsesJobNameNotTheScrapeJob()
    {
        var labels = With(KsmTarget, ("alertname", "KubeJobFailed"), ("namespace", "batch"), ("job_name", "nightly-report-28930211"), ("condition", "true"));

        Assert.Equal(new ResourceRef("Job", "batch", "nightly-report-28930211"), AlertTargets.Resolve(labels, out _));
    }

    [Fact]
    public void Resolve_NodeNotReady_NamesTheNodeWithoutNamespace()
    {
        var labels = With(KsmTarget, ("alertname", "KubeNodeNotReady"), ("node", "worker-2"), ("condition", "Ready"), ("status", "true"));

        Assert.Equal(ResourceRef.ClusterScoped("Node", "worker-2"), AlertTargets.Resolve(labels, out _));
    }

    [Fact]
    public void Resolve_PvFillingUp_PrefersTheClaimOverTheKubeletNode()
    {
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = "KubePersistentVolumeFillingUp", ["namespace"] = "db", ["persistentvolumeclaim"] = "data-postgres-0",
            ["node"] = "worker-1", ["metrics_path"] = "/metrics", ["job"] = "kubelet",
        };

        Assert.Equal(new ResourceRef("PersistentVolumeClaim", "db", "data-postgres-0"), AlertTargets.Resolve(labels, out _));
    }

    [Fact]
    public void Resolve_QuotaExceeded_NamesTheQuotasNamespace()
    {
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = "KubeQuotaExceeded", ["namespace"] = "team-a", ["resourcequota"] = "compute", ["resource"] = "requests.cpu",
        };

        var target = AlertTargets.Resolve(labels, out var reason);

        Assert.Equal(ResourceRef.ClusterScoped("Namespace", "team-a"), target);
        Assert.Contains("resourcequota", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("statefulset", "StatefulSet")]
    [InlineData("daemonset", "DaemonSet")]
    [InlineData("cronjob", "CronJob")]
    [InlineData("horizontalpodautoscaler", "HorizontalPodAutoscaler")]
    [InlineData("service", "Service")]
    public void Resolve_KindLabel_NamesThatKind(string label, string kind)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "X", ["namespace"] = "shop", [label] = "thing" };

        Assert.Equal(new ResourceRef(kind, "shop", "thing"), AlertTargets.Resolve(labels, out _));
    }

    [Fact]
    public void Resolve_NoObjectLabels_ReturnsNullAndSaysWhatWasLookedFor()
    {
        var target = AlertTargets.Resolve(new Dictionary<string, string> { ["alertname"] = "Watchdog", ["severity"] = "none" }, out var reason);

        Assert.Null(target);
        Assert.Contains("deployment", reason, StringComparison.Ordinal);
        Assert.Contains("namespace", reason, StringComparison.Ordinal);
    }
}
