using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Sandbox.Tests.Snapshots;

namespace K8sAiops.Sandbox.Tests.Synthetic;

public sealed class SyntheticClusterTests
{
    private static ClusterSnapshot Small(bool noise = false) =>
        SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 7, Noise = noise });

    [Fact]
    public void Generate_DefaultOptions_HasEveryKindOfAHealthyCluster()
    {
        var snapshot = Small();

        string[] kinds =
        [
            "Node", "Namespace", "StorageClass", "PersistentVolume", "Deployment", "ReplicaSet", "Pod", "Service", "Endpoints", "ConfigMap",
            "Secret", "ServiceAccount", "StatefulSet", "PersistentVolumeClaim", "DaemonSet", "CronJob", "Job", "ResourceQuota",
            "HorizontalPodAutoscaler", "Ingress", "Event",
        ];
        Assert.All(kinds, kind => Assert.NotEmpty(snapshot.OfKind(kind)));
        Assert.All(snapshot.Objects, o => Assert.Equal(ResourceKinds.FindByKind((string)o["kind"]!)!.ApiVersion, (string?)o["apiVersion"]));
    }

    [Fact]
    public void Generate_Nodes_AreReadyWithCapacityAddressesAndTopology()
    {
        var snapshot = Small();

        var nodes = snapshot.OfKind("Node").ToList();
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, node =>
        {
            Assert.Equal("True", node.Condition("Ready").Str("status"));
            Assert.Equal("False", node.Condition("MemoryPressure").Str("status"));
            Assert.Equal("False", node.Condition("DiskPressure").Str("status"));
            Assert.Equal("False", node.Condition("PIDPressure").Str("status"));
            Assert.Null(node["spec"]!["taints"]);
            Assert.NotNull(node.Str("status", "capacity", "memory"));
            Assert.NotNull(node.Str("status", "allocatable", "cpu"));
            Assert.Equal(node.Name(), node.Str("metadata", "labels", "kubernetes.io/hostname"));
            Assert.NotNull(node.Str("metadata", "labels", "topology.kubernetes.io/zone"));
            Assert.NotNull(node.Str("status", "nodeInfo", "kubeletVersion"));
            Assert.Contains(node["status"]!["addresses"]!.AsArray(), a => a.Str("type") == "InternalIP");
        });
    }

    [Fact]
    public void Generate_Pods_RunReadyOnKnownNodesWithIps()
    {
        var snapshot = Small();

        var nodes = snapshot.OfKind("Node").Select(n => n.Name()).ToHashSet();
        var running = snapshot.OfKind("Pod").Where(p => p.Str("status", "phase") != "Succeeded").ToList();
        Assert.NotEmpty(running);
        Assert.All(running, pod =>
        {
            Assert.Equal("Running", pod.Str("status", "phase"));
            Assert.Contains(pod.Str("spec", "nodeName")!, nodes);
            Assert.Equal("True", pod.Condition("Ready").Str("status"));
            Assert.NotNull(pod.Str("status", "podIP"));
            Assert.NotNull(pod.Str("status", "hostIP"));
            Assert.All(pod.ContainerStatuses(), cs =>
            {
                Assert.True(cs["ready"]!.GetValue<bool>());
                Assert.NotNull(cs.Str("state", "running", "startedAt"));
                Assert.Equal(0, cs["restartCount"]!.GetValue<int>());
            });
        });
        var ips = running.Where(p => p["spec"]!["hostNetwork"] is null).Select(p => p.Str("status", "podIP")).ToList();
        Assert.Equal(ips.Count, ips.Distinct().Count());
    }

    [Fact]
    public void Generate_AppPods_HaveResourcesProbesPortsAndVolumes()
    {
        var snapshot = Small();

        var pod = snapshot.OfKind("Pod", "shop").First(p => snapshot.OwnerOf(p)?["kind"]?.GetValue<string>() == "ReplicaSet");
        var container = pod["spec"]!["containers"]![0]!;
        Assert.NotNull(container.Str("resources", "requests", "cpu"));
        Assert.NotNull(container.Str("resources", "limits", "memory"));
        Assert.NotNull(container["readinessProbe"]);
        Assert.NotNull(container["livenessProbe"]);
        Assert.NotNull(container["ports"]![0]!["containerPort"]);
        Assert.NotNull(container.Str("image"));
        Assert.False(pod["spec"]!["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.DoesNotContain(pod["spec"]!["volumes"]!.AsArray(), v => v!["projected"] is not null);
    }

    [Fact]
    public void Generate_SystemComponents_MountTheirTokenAndAClusterRoleBindingGrantsIt()
    {
        var snapshot = Small();

        var bound = snapshot.OfKind("ClusterRoleBinding").SelectMany(b => b["subjects"]!.AsArray())
            .Where(s => s.Str("kind") == "ServiceAccount").Select(s => $"{s.Str("namespace")}/{s.Str("name")}").ToHashSet();
        var withToken = snapshot.OfKind("Pod").Where(p => p["spec"]!["volumes"]?.AsArray().Any(v => v!["projected"] is not null) == true).ToList();
        Assert.Equal(["kube-system/coredns", "kube-system/kube-proxy", "monitoring/kube-prometheus-stack-kube-state-metrics"],
            withToken.Select(p => $"{p.Namespace()}/{p.Str("spec", "serviceAccountName")}").Distinct().Order());
        Assert.All(withToken, p => Assert.Contains($"{p.Namespace()}/{p.Str("spec", "serviceAccountName")}", bound));
    }

    [Fact]
    public void Generate_KubeStateMetrics_RunsAsTwoAutoshardedReplicas()
    {
        var snapshot = Small();

        var sts = snapshot.Get("StatefulSet", "monitoring", "kube-prometheus-stack-kube-state-metrics");
        Assert.Equal(2, sts["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, sts["status"]!["readyReplicas"]!.GetValue<int>());
        var args = sts["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Contains("--pod=$(POD_NAME)", args);
        Assert.Contains("--pod-namespace=$(POD_NAMESPACE)", args);
        var pods = snapshot.OfKind("Pod", "monitoring").Select(p => p.Name()).Order().ToList();
        Assert.Equal(["kube-prometheus-stack-kube-state-metrics-0", "kube-prometheus-stack-kube-state-metrics-1"], pods);
        Assert.Empty(snapshot.OfKind("Deployment", "monitoring"));
    }

    [Fact]
    public void Generate_OwnerChain_PodToReplicaSetToDeploymentWithUids()
    {
        var snapshot = Small();

        var pods = snapshot.OfKind("Pod").Where(p => p["metadata"]!["ownerReferences"]?[0]?.Str("kind") == "ReplicaSet").ToList();
        Assert.NotEmpty(pods);
        Assert.All(pods, pod =>
        {
            var reference = pod["metadata"]!["ownerReferences"]![0]!;
            Assert.True(reference["controller"]!.GetValue<bool>());
            var rs = snapshot.OwnerOf(pod)!;
            Assert.Equal(rs.Str("metadata", "labels", "pod-template-hash"), pod.Str("metadata", "labels", "pod-template-hash"));
            Assert.StartsWith(rs.Name() + "-", pod.Name(), StringComparison.Ordinal);
            var deployment = snapshot.OwnerOf(rs)!;
            Assert.Equal("Deployment", deployment.Str("kind"));
            Assert.StartsWith(deployment.Name() + "-", rs.Name(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Generate_Services_SelectPodsAndEndpointsListThemOnTheTargetPort()
    {
        var snapshot = Small();

        var services = snapshot.OfKind("Service").Where(s => s["spec"]!["selector"] is not null).ToList();
        Assert.Contains(services, s => s.Str("spec", "clusterIP") == "None");
        Assert.NotEmpty(services);
        Assert.All(services, service =>
        {
            var selector = service["spec"]!["selector"]!.AsObject();
            var selected = snapshot.OfKind("Pod", service.Namespace())
                .Where(p => selector.All(kv => p.Str("metadata", "labels", kv.Key) == kv.Value!.GetValue<string>())).ToList();
            Assert.NotEmpty(selected);
            var endpoints = snapshot.Get("Endpoints", service.Namespace(), service.Name());
            var subset = endpoints["subsets"]![0]!;
            var addresses = subset["addresses"]!.AsArray();
            Assert.Equal(selected.Select(p => p.Str("status", "podIP")).Order(), addresses.Select(a => a.Str("ip")).Order());
            Assert.All(addresses, a => Assert.Equal("Pod", a.Str("targetRef", "kind")));
            var targetPort = service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>();
            var containerPorts = selected[0]["spec"]!["containers"]![0]!["ports"]!.AsArray().Select(p => p!["containerPort"]!.GetValue<int>());
            Assert.Contains(targetPort, containerPorts);
            Assert.Equal(targetPort, subset["ports"]![0]!["port"]!.GetValue<int>());
        });
    }

    [Fact]
    public void Generate_ReferencedConfigMapsSecretsAndServiceAccountsExist()
    {
        var snapshot = Small();

        foreach (var pod in snapshot.OfKind("Pod"))
        {
            var ns = pod.Namespace();
            var sa = pod.Str("spec", "serviceAccountName");
            if (sa is not null)
            {
                Assert.Single(snapshot.OfKind("ServiceAccount", ns), s => s.Name() == sa);
            }

            foreach (var env in pod["spec"]!["containers"]!.AsArray().SelectMany(c => c!["env"] as JsonArray ?? []))
            {
                if (env.Str("valueFrom", "secretKeyRef", "name") is { } secret)
                {
                    var data = snapshot.Get("Secret", ns, secret)["data"]!.AsObject();
                    Assert.True(data.ContainsKey(env.Str("valueFrom", "secretKeyRef", "key")!));
                }

                if (env.Str("valueFrom", "configMapKeyRef", "name") is { } configMap)
                {
                    Assert.True(snapshot.Get("ConfigMap", ns, configMap)["data"]!.AsObject().ContainsKey(env.Str("valueFrom", "configMapKeyRef", "key")!));
                }
            }

            foreach (var volume in pod["spec"]!["volumes"] as JsonArray ?? [])
            {
                if (volume.Str("configMap", "name") is { } cm)
                {
                    Assert.Single(snapshot.OfKind("ConfigMap", ns), c => c.Name() == cm);
                }

                if (volume.Str("persistentVolumeClaim", "claimName") is { } claim)
                {
                    Assert.Equal("Bound", snapshot.Get("PersistentVolumeClaim", ns, claim).Str("status", "phase"));
                }
            }
        }
    }

    [Fact]
    public void Generate_SecretValues_AreBase64()
    {
        var snapshot = Small();

        var values = snapshot.OfKind("Secret").SelectMany(s => s["data"]!.AsObject()).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, kv => Assert.NotEmpty(Convert.FromBase64String(kv.Value!.GetValue<string>())));
    }

    [Fact]
    public void Generate_ClaimsBoundToVolumesThatPointBack()
    {
        var snapshot = Small();

        var claims = snapshot.OfKind("PersistentVolumeClaim").ToList();
        Assert.NotEmpty(claims);
        Assert.All(claims, claim =>
        {
            var volume = snapshot.Get("PersistentVolume", null, claim.Str("spec", "volumeName")!);
            Assert.Equal(claim.Uid(), volume.Str("spec", "claimRef", "uid"));
            Assert.Equal("Bound", volume.Str("status", "phase"));
            Assert.NotNull(snapshot.OfKind("StorageClass").SingleOrDefault(sc => sc.Name() == claim.Str("spec", "storageClassName")));
        });
    }

    [Fact]
    public void Generate_Events_AreNormalWithInvolvedObjectsThatExist()
    {
        var snapshot = Small();

        var events = snapshot.OfKind("Event").ToList();
        var reasons = events.Select(e => e.Str("reason")).ToHashSet();
        Assert.Superset(new HashSet<string?> { "Scheduled", "Pulled", "Created", "Started", "ScalingReplicaSet", "SuccessfulCreate" }, reasons);
        Assert.All(events, e =>
        {
            Assert.Equal("Normal", e.Str("type"));
            Assert.NotNull(e.Str("source", "component"));
            Assert.True(e["count"]!.GetValue<int>() >= 1);
            Assert.NotNull(e.Str("firstTimestamp"));
            Assert.NotNull(e.Str("lastTimestamp"));
            var kind = e.Str("involvedObject", "kind")!;
            var involved = snapshot.OfKind(kind, e.Str("involvedObject", "namespace")).Single(o => o.Name() == e.Str("involvedObject", "name"));
            Assert.Equal(involved.Uid(), e.Str("involvedObject", "uid"));
        });
    }

    [Fact]
    public void Generate_CronJob_HasACompletedJobAndPod()
    {
        var snapshot = Small();

        var cronJob = Assert.Single(snapshot.OfKind("CronJob"));
        var job = Assert.Single(snapshot.OfKind("Job"), j => snapshot.OwnerOf(j)?.Uid() == cronJob.Uid());
        Assert.Equal("True", job.Condition("Complete").Str("status"));
        var pod = Assert.Single(snapshot.OfKind("Pod"), p => snapshot.OwnerOf(p)?.Uid() == job.Uid());
        Assert.Equal("Succeeded", pod.Str("status", "phase"));
        Assert.Equal(0, pod.ContainerStatuses().Single()["state"]!["terminated"]!["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public void Generate_Logs_ArePlainInfoLinesForRunningContainers()
    {
        var snapshot = Small();

        var appPods = snapshot.OfKind("Pod", "shop").Where(p => snapshot.OwnerOf(p)?.Str("kind") == "ReplicaSet").ToList();
        Assert.All(appPods, pod =>
        {
            var log = snapshot.Logs[new ContainerLogKey("shop", pod.Name(), pod["spec"]!["containers"]![0]!.Str("name")!, false)];
            var lines = log.TrimEnd('\n').Split('\n');
            Assert.Equal(5, lines.Length);
            Assert.All(lines, l => Assert.Contains(" INFO  ", l, StringComparison.Ordinal));
        });
        Assert.DoesNotContain(snapshot.Logs.Keys, k => k.Previous);
    }

    [Fact]
    public void Generate_EveryTimestamp_IsNotAfterNow()
    {
        var snapshot = Small(noise: true);

        var stamps = snapshot.Json().Split('"')
            .Where(s => s.Length == 20 && s.EndsWith('Z') && s[10] == 'T')
            .Select(s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(stamps);
        Assert.All(stamps, t => Assert.True(t <= ClusterQueries.Now, $"{t:O} is after now"));
    }

    [Fact]
    public void Generate_Uids_AreUnique()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Namespaces = 4, Noise = true });

        var uids = snapshot.Objects.Select(o => o.Uid()).ToList();
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Fact]
    public void Generate_SameSeed_SameJson()
    {
        var options = new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 42, Noise = true };

        Assert.Equal(SyntheticCluster.Generate(options).Json(), SyntheticCluster.Generate(options).Json());
    }

    [Fact]
    public void Generate_OtherSeed_OtherCluster()
    {
        var a = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 1 });
        var b = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 2 });

        Assert.NotEqual(a.Json(), b.Json());
    }

    [Theory]
    [InlineData(1, 0, 0, 0, 0, false)]
    [InlineData(3, 2, 3, 2, 1, false)]
    [InlineData(5, 4, 2, 3, 2, true)]
    public void Generate_PodCount_IsExactlyWhatTheOptionsSay(int nodes, int namespaces, int deployments, int replicas, int statefulSets, bool noise)
    {
        var options = new SyntheticClusterOptions
        {
            Now = ClusterQueries.Now, Nodes = nodes, Namespaces = namespaces, DeploymentsPerNamespace = deployments,
            ReplicasPerDeployment = replicas, StatefulSetsPerNamespace = statefulSets, Noise = noise,
        };

        var snapshot = SyntheticCluster.Generate(options);

        Assert.Equal(options.PodCount, snapshot.OfKind("Pod").Count());
        Assert.Equal(namespaces * deployments * replicas,
            snapshot.OfKind("Pod").Count(p => snapshot.OwnerOf(p)?.Str("kind") == "ReplicaSet" && snapshot.OwnerOf(snapshot.OwnerOf(p)!)!.Namespace() is not ("kube-system" or "monitoring")));
        Assert.Equal(nodes, snapshot.OfKind("Pod", "kube-system").Count(p => p.Name().StartsWith("kube-proxy-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generate_FiveThousandPodsInOneNamespace_Exact()
    {
        var options = new SyntheticClusterOptions
        {
            Now = ClusterQueries.Now, Nodes = 50, Namespaces = 1, DeploymentsPerNamespace = 50, ReplicasPerDeployment = 100, StatefulSetsPerNamespace = 0,
        };
        var snapshot = SyntheticCluster.Generate(options);

        Assert.Equal(5000, snapshot.OfKind("Pod", "shop").Count(p => p.Str("status", "phase") == "Running"));
        Assert.Equal(options.PodCount, snapshot.OfKind("Pod").Count());
    }

    [Fact]
    public void Generate_FiveThousandPodsAcrossManyNamespaces_Exact()
    {
        var options = new SyntheticClusterOptions
        {
            Now = ClusterQueries.Now, Nodes = 40, Namespaces = 100, DeploymentsPerNamespace = 10, ReplicasPerDeployment = 5, StatefulSetsPerNamespace = 0,
        };

        var snapshot = SyntheticCluster.Generate(options);

        var appPods = snapshot.OfKind("Pod").Count(p => p.Namespace() is not ("kube-system" or "monitoring") && p.Str("status", "phase") == "Running");
        Assert.Equal(5000, appPods);
        Assert.Equal(100, snapshot.OfKind("Namespace").Count(n => n.Name() is not ("default" or "kube-system" or "kube-public" or "kube-node-lease" or "monitoring")));
    }

    [Fact]
    public void Generate_Noise_AddsOldRecoveredRestartWarningAndCompletedJob()
    {
        var snapshot = Small(noise: true);

        var restarted = Assert.Single(snapshot.OfKind("Pod"), p => p.ContainerStatuses().Any(c => c["restartCount"]!.GetValue<int>() == 1));
        var status = restarted.ContainerStatuses().Single();
        Assert.True(status["ready"]!.GetValue<bool>());
        var finished = DateTimeOffset.Parse(status.Str("lastState", "terminated", "finishedAt")!, CultureInfo.InvariantCulture);
        Assert.True(ClusterQueries.Now - finished > TimeSpan.FromDays(3));
        Assert.True(snapshot.Logs.ContainsKey(new ContainerLogKey(restarted.Namespace(), restarted.Name(), status.Str("name")!, true)));
        var warning = Assert.Single(snapshot.OfKind("Event"), e => e.Str("type") == "Warning");
        Assert.True(ClusterQueries.Now - DateTimeOffset.Parse(warning.Str("lastTimestamp")!, CultureInfo.InvariantCulture) > TimeSpan.FromDays(3));
        Assert.Contains(snapshot.OfKind("Job"), j => j["metadata"]!["ownerReferences"] is null && j.Condition("Complete")?.Str("status") == "True");
    }

    [Fact]
    public void Generate_NoNodes_ThrowsNamingTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Nodes = 0 }));

        Assert.Equal("Nodes", e.ParamName);
    }

    [Fact]
    public void Generate_WrittenAsDirectoryAndStream_ReadsBackTheSame()
    {
        var snapshot = Small(noise: true);
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "dump");
        var file = Path.Combine(dir.Path, "cluster-info.dump");

        SnapshotWriter.WriteDirectory(snapshot, folder);
        SnapshotWriter.WriteStream(snapshot, file);

        SnapshotAssert.SameContent(snapshot, SnapshotReader.Read(folder));
        SnapshotAssert.SameContent(snapshot, SnapshotReader.Read(file));
    }

    [Fact]
    public void Read_FiveThousandPodDirectory_ReadsEveryObjectAndLog()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions
        {
            Now = ClusterQueries.Now, Nodes = 50, Namespaces = 1, DeploymentsPerNamespace = 50, ReplicasPerDeployment = 100, StatefulSetsPerNamespace = 0,
        });
        using var dir = new TempDirectory();
        SnapshotWriter.WriteDirectory(snapshot, dir.Path);

        var read = SnapshotReader.Read(dir.Path);

        Assert.Equal(snapshot.Objects.Count, read.Objects.Count);
        Assert.Equal(snapshot.Logs.Count, read.Logs.Count);
    }
}
