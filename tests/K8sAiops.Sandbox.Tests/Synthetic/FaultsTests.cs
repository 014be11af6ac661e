using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Sandbox.Tests.Snapshots;

namespace K8sAiops.Sandbox.Tests.Synthetic;

public sealed class FaultsTests
{
    /// <summary>Every id of diagnosis-taxonomy.md but cpu-throttling (metrics only) and no-issue.</summary>
    private static readonly string[] TaxonomyWithEvidence =
    [
        "oom-killed", "crash-loop", "bad-command", "image-pull", "missing-config", "insufficient-resources", "scheduling-constraints",
        "pvc-pending", "volume-mount", "disk-full", "probe-failure", "init-container-failure", "quota-exceeded", "node-pressure",
        "node-not-ready", "service-no-endpoints", "service-port-mismatch", "scaled-to-zero", "dependency-unavailable", "rbac-denied",
        "hpa-misconfigured", "job-failed",
    ];

    /// <summary>The labels each alert reaches Alertmanager with (alerting-reference.md section 4), besides alertname, severity and prometheus.</summary>
    private static readonly Dictionary<string, string[]> AlertLabelSets = new()
    {
        ["KubePodCrashLooping"] = ["namespace", "pod", "uid", "container", "reason", "endpoint", "instance", "job", "service"],
        ["KubePodNotReady"] = ["namespace", "pod"],
        ["KubeDeploymentReplicasMismatch"] = ["namespace", "deployment", "container", "endpoint", "instance", "job", "pod", "service"],
        ["KubeStatefulSetReplicasMismatch"] = ["namespace", "statefulset", "container", "endpoint", "instance", "job", "pod", "service"],
        ["KubeHpaReplicasMismatch"] = ["namespace", "horizontalpodautoscaler", "container", "endpoint", "instance", "job", "pod", "service"],
        ["KubeJobFailed"] = ["namespace", "job_name", "condition", "container", "endpoint", "instance", "job", "pod", "service"],
        ["KubeNodeNotReady"] = ["node", "condition", "status", "namespace", "container", "endpoint", "instance", "job", "pod", "service"],
        ["KubePersistentVolumeFillingUp"] = ["namespace", "persistentvolumeclaim", "node", "metrics_path", "endpoint", "instance", "job", "service"],
    };

    public static TheoryData<string> Categories() => new(TaxonomyWithEvidence);

    private static ClusterSnapshot Cluster(int seed = 5) =>
        SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = seed });

    private static JsonNodeFinder Find(ClusterSnapshot snapshot) => new(snapshot);

    [Fact]
    public void Categories_AreTheTaxonomyIdsThatShowInObjectsOrLogs()
    {
        Assert.Equal(TaxonomyWithEvidence.Order(StringComparer.Ordinal), Faults.Categories.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Inject_AnyCategory_CulpritAndAlertTargetExistAndLabelsNameTheTarget(string category)
    {
        var snapshot = Cluster();

        var fault = Faults.Inject(snapshot, category, ClusterQueries.Now);

        Assert.Equal(category, fault.Category);
        Assert.NotNull(Find(snapshot).Object(fault.Culprit));
        Assert.NotNull(Find(snapshot).Object(fault.AlertTarget));
        Assert.NotEmpty(fault.Evidence);
        var alertName = fault.AlertLabels["alertname"];
        Assert.True(AlertLabelSets.TryGetValue(alertName, out var expected), $"unexpected alert {alertName}");
        Assert.Superset(expected.Append("alertname").Append("severity").Append("prometheus").ToHashSet(), fault.AlertLabels.Keys.ToHashSet());
        var objectLabel = fault.AlertTarget.Kind switch
        {
            "Pod" => "pod",
            "Deployment" => "deployment",
            "StatefulSet" => "statefulset",
            "HorizontalPodAutoscaler" => "horizontalpodautoscaler",
            "Job" => "job_name",
            "Node" => "node",
            "PersistentVolumeClaim" => "persistentvolumeclaim",
            var kind => throw new InvalidOperationException(kind),
        };
        Assert.Equal(fault.AlertTarget.Name, fault.AlertLabels[objectLabel]);
        if (fault.AlertTarget.Namespace.Length > 0)
        {
            Assert.Equal(fault.AlertTarget.Namespace, fault.AlertLabels["namespace"]);
        }
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Inject_AnyCategory_ShowsAWarningOrAFailingStatus(string category)
    {
        var snapshot = Cluster();

        Faults.Inject(snapshot, category, ClusterQueries.Now);

        // A healthy generated cluster has no Warning events and every pod running ready (or a Job's pod succeeded).
        var warnings = snapshot.OfKind("Event").Count(e => e.Str("type") == "Warning");
        var unhealthyPods = snapshot.OfKind("Pod").Count(p => p.Str("status", "phase") is not ("Running" or "Succeeded") || p.Condition("Ready")?.Str("status") == "False" && p.Str("status", "phase") == "Running");
        var logErrors = snapshot.Logs.Values.Count(l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("No space left", StringComparison.Ordinal));
        Assert.True(warnings + unhealthyPods + logErrors > 0, $"{category} left no trace");
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Inject_SameSnapshotAndCategory_SameJson(string category)
    {
        var a = Cluster();
        var b = Cluster();

        var faultA = Faults.Inject(a, category, ClusterQueries.Now);
        var faultB = Faults.Inject(b, category, ClusterQueries.Now);

        Assert.Equal(a.Json(), b.Json());
        Assert.Equal(faultA.Culprit, faultB.Culprit);
        Assert.Equal(faultA.AlertLabels, faultB.AlertLabels);
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Inject_ThenWriteAndRead_SurvivesTheRoundTrip(string category)
    {
        var snapshot = Cluster();
        var fault = Faults.Inject(snapshot, category, ClusterQueries.Now);
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "dump");
        var file = Path.Combine(dir.Path, "cluster-info.dump");

        SnapshotWriter.WriteDirectory(snapshot, folder);
        SnapshotWriter.WriteStream(snapshot, file);

        var fromFolder = SnapshotReader.Read(folder);
        SnapshotAssert.SameContent(snapshot, fromFolder);
        SnapshotAssert.SameContent(snapshot, SnapshotReader.Read(file));
        Assert.NotNull(Find(fromFolder).Object(fault.Culprit));
    }

    [Fact]
    public void Inject_EveryCategoryIntoOneSnapshot_AllCulpritsExistAndUidsStayUnique()
    {
        var snapshot = Cluster();

        var faults = Faults.Categories.Select(c => Faults.Inject(snapshot, c, ClusterQueries.Now)).ToList();

        Assert.All(faults, f => Assert.NotNull(Find(snapshot).Object(f.Culprit)));
        Assert.Equal(faults.Count, faults.Select(f => f.AlertTarget).Distinct().Count());
        var uids = snapshot.Objects.Select(o => o.Uid()).ToList();
        Assert.Equal(uids.Count, uids.Distinct().Count());
        var identities = snapshot.Objects.Select(SnapshotAssert.Identity).ToList();
        Assert.Equal(identities.Count, identities.Distinct().Count());
        using var dir = new TempDirectory();
        SnapshotWriter.WriteDirectory(snapshot, dir.Path);
        SnapshotAssert.SameContent(snapshot, SnapshotReader.Read(dir.Path));
    }

    [Fact]
    public void Inject_SameCategoryTwice_SecondGetsItsOwnWorkload()
    {
        var snapshot = Cluster();

        var first = Faults.Inject(snapshot, "oom-killed", ClusterQueries.Now);
        var second = Faults.Inject(snapshot, "oom-killed", ClusterQueries.Now);

        Assert.NotEqual(first.Culprit, second.Culprit);
        Assert.Equal(first.Culprit.Name + "-2", second.Culprit.Name);
    }

    [Fact]
    public void Inject_IntoAFiveThousandPodCluster_EveryCategory()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions
        {
            Now = ClusterQueries.Now, Nodes = 50, Namespaces = 1, DeploymentsPerNamespace = 50, ReplicasPerDeployment = 100, StatefulSetsPerNamespace = 0,
        });
        var faults = Faults.Categories.Select(c => Faults.Inject(snapshot, c, ClusterQueries.Now)).ToList();

        Assert.All(faults, f => Assert.NotNull(Find(snapshot).Object(f.Culprit)));
    }

    [Fact]
    public void Inject_IntoOneNodeCluster_EveryCategoryOnItsOwn()
    {
        foreach (var category in Faults.Categories)
        {
            var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Nodes = 1, Namespaces = 1, DeploymentsPerNamespace = 1 });

            var fault = Faults.Inject(snapshot, category, ClusterQueries.Now);

            Assert.NotNull(Find(snapshot).Object(fault.Culprit));
        }
    }

    [Fact]
    public void Inject_GivenNamespace_PutsTheFaultThere()
    {
        var snapshot = Cluster();

        var fault = Faults.Inject(snapshot, "crash-loop", new FaultOptions { Now = ClusterQueries.Now, Namespace = "payments" });

        Assert.Equal("payments", fault.Culprit.Namespace);
        Assert.Equal("payments", fault.AlertLabels["namespace"]);
    }

    [Fact]
    public void Inject_DefaultNamespace_IsTheFirstApplicationNamespace()
    {
        var snapshot = Cluster();

        var fault = Faults.Inject(snapshot, "probe-failure", ClusterQueries.Now);

        Assert.Equal("shop", fault.Culprit.Namespace);
    }

    [Fact]
    public void Inject_UnknownCategory_ThrowsListingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Faults.Inject(Cluster(), "cpu-throttling", ClusterQueries.Now));

        Assert.Equal("category", e.ParamName);
        Assert.Contains("oom-killed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inject_NodeFaultsTogether_SchedulerMessagesNameTheTaints()
    {
        var snapshot = Cluster();
        Faults.Inject(snapshot, "node-not-ready", ClusterQueries.Now);
        Faults.Inject(snapshot, "node-pressure", ClusterQueries.Now);

        var fault = Faults.Inject(snapshot, "insufficient-resources", ClusterQueries.Now);

        var pod = Find(snapshot).Object(fault.AlertTarget)!;
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, " +
            "1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/3 nodes are available: " +
            "1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            pod.Condition("PodScheduled").Str("message"));
    }

    /// <summary>Finds the object a <see cref="ResourceRef"/> names, reading the snapshot's JSON.</summary>
    private sealed class JsonNodeFinder(ClusterSnapshot snapshot)
    {
        public System.Text.Json.Nodes.JsonObject? Object(ResourceRef reference) =>
            snapshot.OfKind(reference.Kind, reference.Namespace.Length == 0 ? null : reference.Namespace).SingleOrDefault(o => o.Name() == reference.Name);
    }
}
