using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Activities.Tests.AnalyzeRules.Support;

/// <summary>
/// How every diagnosis fixture is made, from SyntheticCluster and Faults with fixed seeds: each fault category in two
/// surface forms (A: the fault's own alert on a quiet cluster; B: a second seed and namespace with red herrings, and the
/// workload-level alert instead of the pod's where the fault alerts on a pod), plus healthy no-issue cases, plus each
/// further fault form (<see cref="Faults.Forms"/>) on the second seed with its red herrings, held out: written before the
/// rules were changed for it, so that the first run measured the engine on a shape it had not been fitted to.
/// </summary>
internal static class FixtureCases
{
    public sealed record Case(string Name, string Form, ClusterSnapshot Snapshot, IReadOnlyDictionary<string, string> Labels, string Status,
        string Category, ResourceRef Culprit, bool HeldOut = false);

    public sealed record ResourceRef(string Kind, string Namespace, string Name);

    private static readonly DateTimeOffset Now = DiagnosisFixture.Now;

    public static IEnumerable<Case> All()
    {
        foreach (var category in Faults.Categories)
        {
            yield return FormA(category);
            yield return FormB(category);
        }
        yield return Healthy("no-issue-resolved", resolved: true);
        yield return Healthy("no-issue-old-warning", resolved: false);
        yield return CompletedJob();
        foreach (var form in Faults.Forms)
            yield return HeldOutForm(form);
    }

    private static SyntheticClusterOptions Small(int seed, int deployments, bool noise) => new()
    {
        Now = Now, Seed = seed, Nodes = 2, Namespaces = 1, DeploymentsPerNamespace = deployments, ReplicasPerDeployment = 1,
        StatefulSetsPerNamespace = 0, SystemWorkloads = false, Noise = noise, LogLinesPerContainer = 2,
    };

    private static Case FormA(string category)
    {
        var snapshot = SyntheticCluster.Generate(Small(11, 0, noise: false));
        var fault = Faults.Inject(snapshot, category, new FaultOptions { Now = Now });
        return new Case($"{category}-a", $"{fault.AlertLabels["alertname"]} on {fault.AlertTarget}, quiet cluster", snapshot, fault.AlertLabels, "firing", category, Ref(fault.Culprit));
    }

    private static Case FormB(string category)
    {
        var snapshot = SyntheticCluster.Generate(Small(23, 1, noise: true));
        var fault = Faults.Inject(snapshot, category, new FaultOptions { Now = Now });
        var labels = fault.AlertLabels;
        var form = $"{labels["alertname"]} on {fault.AlertTarget}";
        if (fault.AlertTarget.Kind == "Pod" && DeploymentOf(snapshot, fault.AlertTarget) is { } deployment)
        {
            labels = DeploymentAlert(snapshot, fault.AlertTarget.Namespace, deployment);
            form = $"KubeDeploymentReplicasMismatch on Deployment {fault.AlertTarget.Namespace}/{deployment}";
        }
        else if (category == "pvc-pending")
        {
            // The pod waiting for the claim, not the StatefulSet.
            var pod = $"{fault.AlertTarget.Name}-0";
            labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["alertname"] = "KubePodNotReady", ["severity"] = "warning", ["namespace"] = fault.AlertTarget.Namespace, ["pod"] = pod,
                ["prometheus"] = "monitoring/kube-prometheus-stack-prometheus",
            };
            form = $"KubePodNotReady on Pod {fault.AlertTarget.Namespace}/{pod}";
        }
        else if (category == "node-not-ready")
        {
            labels = WithKsm(snapshot, new()
            {
                ["alertname"] = "KubeNodeUnreachable", ["severity"] = "warning", ["node"] = fault.AlertTarget.Name,
                ["key"] = "node.kubernetes.io/unreachable", ["effect"] = "NoSchedule",
            });
            form = $"KubeNodeUnreachable on Node {fault.AlertTarget.Name}";
        }
        return new Case($"{category}-b", $"{form}, second seed, red herrings in the namespace", snapshot, labels, "firing", category, Ref(fault.Culprit));
    }

    private static Case HeldOutForm(string form)
    {
        var snapshot = SyntheticCluster.Generate(Small(23, 1, noise: true));
        var fault = Faults.InjectForm(snapshot, form, new FaultOptions { Now = Now });
        return new Case($"{fault.Category}-{form}", $"form {form}: {fault.AlertLabels["alertname"]} on {fault.AlertTarget}, second seed, red herrings in the namespace",
            snapshot, fault.AlertLabels, "firing", fault.Category, Ref(fault.Culprit), HeldOut: true);
    }

    private static Case Healthy(string name, bool resolved)
    {
        var snapshot = SyntheticCluster.Generate(Small(resolved ? 5 : 7, 1, noise: !resolved));
        var pods = Objects(snapshot, "Pod").Where(p => Str(p, "metadata", "namespace") == "shop" && Owner(p)?.Kind == "ReplicaSet").ToList();
        // The firing case alerts on the pod that crashed once four days ago (its old BackOff warning is still listed).
        var pod = resolved ? pods[0] : pods.First(p => p["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() == 1);
        var podName = Str(pod, "metadata", "name")!;
        var container = Str(pod["spec"]!["containers"]![0], "name")!;
        var labels = WithKsm(snapshot, new()
        {
            ["alertname"] = "KubePodCrashLooping", ["severity"] = "warning", ["namespace"] = "shop", ["pod"] = podName, ["container"] = container,
            ["reason"] = "CrashLoopBackOff", ["uid"] = Str(pod, "metadata", "uid") ?? "",
        });
        var form = resolved ? "resolved KubePodCrashLooping on a healthy pod" : "firing KubePodCrashLooping on a pod that restarted once days ago (old BackOff warning)";
        return new Case(name, form, snapshot, labels, resolved ? "resolved" : "firing", "no-issue", new("Pod", "shop", podName));
    }

    private static Case CompletedJob()
    {
        var snapshot = SyntheticCluster.Generate(Small(9, 1, noise: true));
        var job = Objects(snapshot, "Job").First(j => Str(j, "metadata", "name")!.StartsWith("schema-migrate", StringComparison.Ordinal));
        var name = Str(job, "metadata", "name")!;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = "KubeJobNotCompleted", ["severity"] = "warning", ["namespace"] = "shop", ["job_name"] = name,
            ["prometheus"] = "monitoring/kube-prometheus-stack-prometheus",
        };
        return new Case("no-issue-completed-job", "KubeJobNotCompleted on a Job that completed (red herring)", snapshot, labels, "firing", "no-issue",
            new("Job", "shop", name));
    }

    private static Dictionary<string, string> DeploymentAlert(ClusterSnapshot snapshot, string ns, string deployment) =>
        WithKsm(snapshot, new() { ["alertname"] = "KubeDeploymentReplicasMismatch", ["severity"] = "warning", ["namespace"] = ns, ["deployment"] = deployment });

    /// <summary>The kube-state-metrics target labels (alerting-reference §4, T) under the series' own.</summary>
    private static Dictionary<string, string> WithKsm(ClusterSnapshot snapshot, Dictionary<string, string> series)
    {
        var ksm = Objects(snapshot, "Pod").FirstOrDefault(p => Str(p, "metadata", "name")!.StartsWith("kube-prometheus-stack-kube-state-metrics", StringComparison.Ordinal));
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["container"] = "kube-state-metrics", ["endpoint"] = "http", ["instance"] = $"{Str(ksm, "status", "podIP") ?? "10.244.0.15"}:8080",
            ["job"] = "kube-state-metrics", ["namespace"] = "monitoring", ["pod"] = Str(ksm, "metadata", "name") ?? "kube-state-metrics",
            ["service"] = "kube-prometheus-stack-kube-state-metrics", ["prometheus"] = "monitoring/kube-prometheus-stack-prometheus",
        };
        foreach (var (key, value) in series)
            labels[key] = value;
        return labels;
    }

    private static string? DeploymentOf(ClusterSnapshot snapshot, Sandbox.Synthetic.ResourceRef pod)
    {
        var obj = Objects(snapshot, "Pod").FirstOrDefault(p => Str(p, "metadata", "name") == pod.Name && Str(p, "metadata", "namespace") == pod.Namespace);
        if (obj is null || Owner(obj) is not { Kind: "ReplicaSet" } rs)
            return null;
        var set = Objects(snapshot, "ReplicaSet").FirstOrDefault(r => Str(r, "metadata", "name") == rs.Name && Str(r, "metadata", "namespace") == pod.Namespace);
        return set is not null && Owner(set) is { Kind: "Deployment" } d ? d.Name : null;
    }

    private static (string Kind, string Name)? Owner(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"]?[0] is { } owner ? (Str(owner, "kind")!, Str(owner, "name")!) : null;

    private static IEnumerable<JsonObject> Objects(ClusterSnapshot snapshot, string kind) => snapshot.Objects.Where(o => Str(o, "kind") == kind);

    private static string? Str(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
            node = node?[key];
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    private static ResourceRef Ref(Sandbox.Synthetic.ResourceRef r) => new(r.Kind, r.Namespace, r.Name);
}
