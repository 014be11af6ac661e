using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Sandbox.Tests.Synthetic;

/// <summary>Each fault leaves the taxonomy's typical evidence in the objects, events and logs (read as JSON, as a collector would).</summary>
public sealed class FaultEvidenceTests
{
    private static (ClusterSnapshot Snapshot, InjectedFault Fault) Inject(string category, int nodes = 3)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Nodes = nodes, Seed = 3 });
        var fault = Faults.Inject(snapshot, category, ClusterQueries.Now);
        return (snapshot, fault);
    }

    private static JsonObject Object(ClusterSnapshot snapshot, ResourceRef reference) =>
        snapshot.Get(reference.Kind, reference.Namespace.Length == 0 ? null : reference.Namespace, reference.Name);

    private static JsonObject WorkloadOf(ClusterSnapshot snapshot, JsonObject pod)
    {
        var owner = snapshot.OwnerOf(pod)!;
        return owner.Str("kind") == "ReplicaSet" ? snapshot.OwnerOf(owner)! : owner;
    }

    private static string Log(ClusterSnapshot snapshot, JsonObject pod, string container, bool previous = false) =>
        snapshot.Logs[new ContainerLogKey(pod.Namespace(), pod.Name(), container, previous)];

    private static JsonObject MainStatus(JsonObject pod) => pod.ContainerStatuses().First();

    [Fact]
    public void OomKilled_CrashingPod_LastTerminatedOomKilledWithExitCode137()
    {
        var (snapshot, fault) = Inject("oom-killed");

        var pod = Object(snapshot, fault.AlertTarget);
        var status = MainStatus(pod);
        Assert.Equal("OOMKilled", status.Str("lastState", "terminated", "reason"));
        Assert.Equal(137, status["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("CrashLoopBackOff", status.Str("state", "waiting", "reason"));
        Assert.True(status["restartCount"]!.GetValue<int>() > 0);
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("reason") == "BackOff" && e.Str("message")!.StartsWith("Back-off restarting failed container", StringComparison.Ordinal));
        Assert.Equal(fault.Culprit, new ResourceRef("Deployment", pod.Namespace(), WorkloadOf(snapshot, pod).Name()));
        Assert.Equal("512Mi", pod["spec"]!["containers"]![0].Str("resources", "limits", "memory"));
    }

    [Fact]
    public void CrashLoop_CrashingPod_ExitsWithErrorAndLogsWhy()
    {
        var (snapshot, fault) = Inject("crash-loop");

        var pod = Object(snapshot, fault.AlertTarget);
        var status = MainStatus(pod);
        Assert.Equal("CrashLoopBackOff", status.Str("state", "waiting", "reason"));
        Assert.Equal("Error", status.Str("lastState", "terminated", "reason"));
        Assert.NotEqual(0, status["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Contains("Error: Missing required environment variable", Log(snapshot, pod, status.Str("name")!), StringComparison.Ordinal);
        Assert.Contains("Error: Missing required environment variable", Log(snapshot, pod, status.Str("name")!, previous: true), StringComparison.Ordinal);
        Assert.Equal("Running", pod.Str("status", "phase"));
        Assert.Equal(WorkloadOf(snapshot, pod).Name(), fault.Culprit.Name);
    }

    [Fact]
    public void BadCommand_Pods_StartErrorExecutableNotFound()
    {
        var (snapshot, fault) = Inject("bad-command");

        var pod = Object(snapshot, fault.AlertTarget);
        var terminated = MainStatus(pod)["lastState"]!["terminated"]!;
        Assert.Equal("StartError", terminated.Str("reason"));
        Assert.Equal(128, terminated["exitCode"]!.GetValue<int>());
        Assert.Contains("exec: \"gunicorn\": executable file not found in $PATH", terminated.Str("message"), StringComparison.Ordinal);
        var siblings = snapshot.OfKind("Pod", pod.Namespace()).Where(p => snapshot.OwnerOf(p)?.Uid() == snapshot.OwnerOf(pod)!.Uid());
        Assert.Contains(siblings, p => MainStatus(p).Str("state", "waiting", "reason") == "RunContainerError");
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("reason") == "Failed" && e.Str("message")!.Contains("executable file not found in $PATH", StringComparison.Ordinal));
        Assert.Equal("gunicorn", WorkloadOf(snapshot, pod)["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]![0]!.GetValue<string>());
    }

    [Fact]
    public void ImagePull_NewReplicaSetPod_ImagePullBackOffWithFailedPullEvents()
    {
        var (snapshot, fault) = Inject("image-pull");

        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Equal("Pending", pod.Str("status", "phase"));
        var status = MainStatus(pod);
        Assert.Equal("ImagePullBackOff", status.Str("state", "waiting", "reason"));
        var image = status.Str("image")!;
        var events = snapshot.EventsFor(pod).ToList();
        Assert.Contains(events, e => e.Str("message")!.StartsWith($"Failed to pull image \"{image}\":", StringComparison.Ordinal) && e.Str("message")!.EndsWith("not found", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Str("message") == "Error: ErrImagePull");
        Assert.Contains(events, e => e.Str("message") == "Error: ImagePullBackOff");
        var deployment = WorkloadOf(snapshot, pod);
        Assert.Equal("ProgressDeadlineExceeded", deployment.Condition("Progressing").Str("reason"));
        Assert.Equal(2, snapshot.OfKind("Pod", pod.Namespace()).Count(p => p.Name().StartsWith(deployment.Name() + "-", StringComparison.Ordinal) && p.Str("status", "phase") == "Running"));
    }

    [Fact]
    public void MissingConfig_Pods_CreateContainerConfigErrorForASecretThatDoesNotExist()
    {
        var (snapshot, fault) = Inject("missing-config");

        var pod = Object(snapshot, fault.AlertTarget);
        var waiting = MainStatus(pod)["state"]!["waiting"]!;
        Assert.Equal("CreateContainerConfigError", waiting.Str("reason"));
        Assert.Equal("secret \"smtp-credentials\" not found", waiting.Str("message"));
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("type") == "Warning" && e.Str("message") == "Error: secret \"smtp-credentials\" not found");
        Assert.DoesNotContain(snapshot.OfKind("Secret", pod.Namespace()), s => s.Name() == "smtp-credentials");
        Assert.Contains(pod["spec"]!["containers"]![0]!["env"]!.AsArray(), e => e.Str("valueFrom", "secretKeyRef", "name") == "smtp-credentials");
    }

    [Fact]
    public void InsufficientResources_Pods_FailedSchedulingInsufficientMemory()
    {
        var (snapshot, fault) = Inject("insufficient-resources");

        var pod = Object(snapshot, fault.AlertTarget);
        const string expected = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
        Assert.Equal("Pending", pod.Str("status", "phase"));
        Assert.Null(pod["spec"]!["nodeName"]);
        var scheduled = pod.Condition("PodScheduled")!;
        Assert.Equal("False", scheduled.Str("status"));
        Assert.Equal("Unschedulable", scheduled.Str("reason"));
        Assert.Equal(expected, scheduled.Str("message"));
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("reason") == "FailedScheduling" && e.Str("message") == expected && e.Str("source", "component") == "default-scheduler");
    }

    [Fact]
    public void SchedulingConstraints_Pods_DidNotMatchNodeSelector()
    {
        var (snapshot, fault) = Inject("scheduling-constraints");

        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Equal(
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
            pod.Condition("PodScheduled").Str("message"));
        var selector = pod["spec"]!["nodeSelector"]!.AsObject().Single();
        Assert.DoesNotContain(snapshot.OfKind("Node"), n => n.Str("metadata", "labels", selector.Key) == selector.Value!.GetValue<string>());
    }

    [Fact]
    public void PvcPending_Claim_PendingOnAMissingStorageClassAndPodUnbound()
    {
        var (snapshot, fault) = Inject("pvc-pending");

        Assert.Equal("PersistentVolumeClaim", fault.Culprit.Kind);
        var claim = Object(snapshot, fault.Culprit);
        Assert.Equal("Pending", claim.Str("status", "phase"));
        var storageClass = claim.Str("spec", "storageClassName")!;
        Assert.DoesNotContain(snapshot.OfKind("StorageClass"), sc => sc.Name() == storageClass);
        Assert.Contains(snapshot.EventsFor(claim), e => e.Str("reason") == "ProvisioningFailed" && e.Str("message") == $"storageclass.storage.k8s.io \"{storageClass}\" not found");
        var pod = snapshot.OfKind("Pod", claim.Namespace()).Single(p => (p["spec"]!["volumes"] as JsonArray ?? []).Any(v => v.Str("persistentVolumeClaim", "claimName") == claim.Name()));
        Assert.Contains("pod has unbound immediate PersistentVolumeClaims", pod.Condition("PodScheduled").Str("message"), StringComparison.Ordinal);
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("reason") == "FailedScheduling");
        Assert.Equal("StatefulSet", fault.AlertTarget.Kind);
        Assert.Equal(fault.AlertTarget.Name, fault.AlertLabels["statefulset"]);
    }

    [Fact]
    public void VolumeMount_RolloutPod_MultiAttachErrorWhileOldPodHoldsTheVolume()
    {
        var (snapshot, fault) = Inject("volume-mount");

        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Equal("ContainerCreating", MainStatus(pod).Str("state", "waiting", "reason"));
        var attach = Assert.Single(snapshot.EventsFor(pod), e => e.Str("reason") == "FailedAttachVolume");
        Assert.StartsWith("Multi-Attach error for volume \"pvc-", attach.Str("message"), StringComparison.Ordinal);
        var holder = attach.Str("message")![(attach.Str("message")!.LastIndexOf(' ') + 1)..];
        var oldPod = snapshot.Get("Pod", pod.Namespace(), holder);
        Assert.Equal("Running", oldPod.Str("status", "phase"));
        Assert.NotEqual(oldPod.Str("spec", "nodeName"), pod.Str("spec", "nodeName"));
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("reason") == "FailedMount" && e.Str("message")!.StartsWith("Unable to attach or mount volumes", StringComparison.Ordinal));
        Assert.Equal("Deployment", fault.Culprit.Kind);
    }

    [Fact]
    public void VolumeMount_OneNode_VolumeExclusivelyAttachedElsewhere()
    {
        var (snapshot, fault) = Inject("volume-mount", nodes: 1);

        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("message")!.EndsWith("Volume is already exclusively attached to one node and can't be attached to another", StringComparison.Ordinal));
        Assert.Equal("Pending", pod.Str("status", "phase"));
    }

    [Fact]
    public void DiskFull_ClaimsPod_LogsNoSpaceLeftOnDevice()
    {
        var (snapshot, fault) = Inject("disk-full");

        Assert.Equal("PersistentVolumeClaim", fault.Culprit.Kind);
        var claim = Object(snapshot, fault.Culprit);
        Assert.Equal("Bound", claim.Str("status", "phase"));
        var pod = snapshot.OfKind("Pod", claim.Namespace()).Single(p => (p["spec"]!["volumes"] as JsonArray ?? []).Any(v => v.Str("persistentVolumeClaim", "claimName") == claim.Name()));
        Assert.Contains("No space left on device", Log(snapshot, pod, MainStatus(pod).Str("name")!), StringComparison.Ordinal);
        Assert.Equal("KubePersistentVolumeFillingUp", fault.AlertLabels["alertname"]);
        Assert.Equal(claim.Name(), fault.AlertLabels["persistentvolumeclaim"]);
        Assert.Equal(pod.Str("spec", "nodeName"), fault.AlertLabels["node"]);
    }

    [Fact]
    public void ProbeFailure_Pods_RunningButNotReadyWithUnhealthyEvents()
    {
        var (snapshot, fault) = Inject("probe-failure");

        var deployment = Object(snapshot, fault.AlertTarget);
        var pods = snapshot.OfKind("Pod", deployment.Namespace()).Where(p => WorkloadOf(snapshot, p).Uid() == deployment.Uid()).ToList();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.Equal("Running", pod.Str("status", "phase"));
            Assert.False(MainStatus(pod)["ready"]!.GetValue<bool>());
            Assert.Equal("False", pod.Condition("Ready").Str("status"));
            var unhealthy = Assert.Single(snapshot.EventsFor(pod), e => e.Str("reason") == "Unhealthy");
            Assert.Equal("Readiness probe failed: HTTP probe failed with statuscode: 503", unhealthy.Str("message"));
            Assert.True(unhealthy["count"]!.GetValue<int>() > 100);
        });
        var endpoints = snapshot.Get("Endpoints", deployment.Namespace(), deployment.Name());
        Assert.Null(endpoints["subsets"]![0]!["addresses"]);
        Assert.Equal(3, endpoints["subsets"]![0]!["notReadyAddresses"]!.AsArray().Count);
        Assert.Null(deployment["status"]!["availableReplicas"]);
    }

    [Fact]
    public void InitContainerFailure_Pods_StuckInInitCrashLoopBackOff()
    {
        var (snapshot, fault) = Inject("init-container-failure");

        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Equal("Pending", pod.Str("status", "phase"));
        var init = pod.ContainerStatuses("initContainerStatuses").Single();
        Assert.Equal("CrashLoopBackOff", init.Str("state", "waiting", "reason"));
        Assert.Equal(1, init["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("PodInitializing", MainStatus(pod).Str("state", "waiting", "reason"));
        var initialized = pod.Condition("Initialized")!;
        Assert.Equal("False", initialized.Str("status"));
        Assert.Equal("ContainersNotInitialized", initialized.Str("reason"));
        Assert.Contains("ProgrammingError", Log(snapshot, pod, init.Str("name")!), StringComparison.Ordinal);
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("reason") == "BackOff" && e.Str("involvedObject", "fieldPath") == $"spec.initContainers{{{init.Str("name")}}}");
    }

    [Fact]
    public void QuotaExceeded_ReplicaSet_FailedCreateExceededQuota()
    {
        var (snapshot, fault) = Inject("quota-exceeded");

        var deployment = Object(snapshot, fault.Culprit);
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, deployment["status"]!["availableReplicas"]!.GetValue<int>());
        var rs = snapshot.OfKind("ReplicaSet", deployment.Namespace())
            .Single(r => snapshot.OwnerOf(r)?.Uid() == deployment.Uid() && r["spec"]!["replicas"]!.GetValue<int>() == 3);
        var failed = Assert.Single(snapshot.EventsFor(rs), e => e.Str("reason") == "FailedCreate");
        Assert.StartsWith("Error creating: pods \"", failed.Str("message"), StringComparison.Ordinal);
        Assert.Contains("is forbidden: exceeded quota: compute-resources, requested: limits.memory=2Gi", failed.Str("message"), StringComparison.Ordinal);
        var quota = snapshot.Get("ResourceQuota", deployment.Namespace(), "compute-resources");
        Assert.Equal(quota.Str("status", "hard", "limits.memory"), quota.Str("status", "used", "limits.memory"));
        Assert.Equal("FailedCreate", deployment.Condition("ReplicaFailure").Str("reason"));
    }

    [Fact]
    public void NodePressure_Node_MemoryPressureAndEvictedPods()
    {
        var (snapshot, fault) = Inject("node-pressure");

        Assert.Equal("Node", fault.Culprit.Kind);
        var node = Object(snapshot, fault.Culprit);
        Assert.Equal("True", node.Condition("MemoryPressure").Str("status"));
        Assert.Contains(node["spec"]!["taints"]!.AsArray(), t => t.Str("key") == "node.kubernetes.io/memory-pressure");
        var pod = Object(snapshot, fault.AlertTarget);
        Assert.Equal("Failed", pod.Str("status", "phase"));
        Assert.Equal("Evicted", pod.Str("status", "reason"));
        Assert.StartsWith("The node was low on resource: memory.", pod.Str("status", "message"), StringComparison.Ordinal);
        Assert.Equal(node.Name(), pod.Str("spec", "nodeName"));
        Assert.Contains(snapshot.EventsFor(pod), e => e.Str("reason") == "Evicted");
        Assert.Contains(snapshot.EventsFor(node), e => e.Str("reason") == "EvictionThresholdMet");
    }

    [Fact]
    public void NodeNotReady_Node_ReadyUnknownUnreachableTaintsAndStrandedPods()
    {
        var (snapshot, fault) = Inject("node-not-ready");

        var node = Object(snapshot, fault.Culprit);
        Assert.Equal(fault.Culprit, fault.AlertTarget);
        var ready = node.Condition("Ready")!;
        Assert.Equal("Unknown", ready.Str("status"));
        Assert.Equal("NodeStatusUnknown", ready.Str("reason"));
        Assert.Equal("Kubelet stopped posting node status.", ready.Str("message"));
        var taints = node["spec"]!["taints"]!.AsArray();
        Assert.Contains(taints, t => t.Str("key") == "node.kubernetes.io/unreachable" && t.Str("effect") == "NoSchedule");
        Assert.Contains(taints, t => t.Str("key") == "node.kubernetes.io/unreachable" && t.Str("effect") == "NoExecute");
        var stranded = snapshot.OfKind("Pod").Where(p => p.Str("spec", "nodeName") == node.Name() && p.Str("status", "phase") == "Running").ToList();
        Assert.NotEmpty(stranded);
        Assert.All(stranded, p => Assert.Equal("False", p.Condition("Ready").Str("status")));
        Assert.Contains(stranded, p => p["metadata"]!["deletionTimestamp"] is not null);
        Assert.Equal(node.Name(), fault.AlertLabels["node"]);
    }

    [Fact]
    public void ServiceNoEndpoints_Service_SelectorMatchesNoPodAndClientsAreRefused()
    {
        var (snapshot, fault) = Inject("service-no-endpoints");

        Assert.Equal("Service", fault.Culprit.Kind);
        var service = Object(snapshot, fault.Culprit);
        var selector = service["spec"]!["selector"]!.AsObject();
        Assert.DoesNotContain(snapshot.OfKind("Pod", service.Namespace()), p => selector.All(kv => p.Str("metadata", "labels", kv.Key) == kv.Value!.GetValue<string>()));
        Assert.Contains(snapshot.OfKind("Pod", service.Namespace()), p => p.Str("metadata", "labels", "app") == service.Name() && p.Str("status", "phase") == "Running");
        Assert.Null(snapshot.Get("Endpoints", service.Namespace(), service.Name())["subsets"]);
        var frontend = Object(snapshot, fault.AlertTarget);
        var frontendPod = snapshot.OfKind("Pod", frontend.Namespace()).First(p => WorkloadOf(snapshot, p).Uid() == frontend.Uid());
        Assert.Contains($"dial tcp {service.Str("spec", "clusterIP")}:80: connect: connection refused", Log(snapshot, frontendPod, MainStatus(frontendPod).Str("name")!), StringComparison.Ordinal);
    }

    [Fact]
    public void ServicePortMismatch_Service_TargetPortIsNotAContainerPort()
    {
        var (snapshot, fault) = Inject("service-port-mismatch");

        var service = Object(snapshot, fault.Culprit);
        var targetPort = service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>();
        var selector = service["spec"]!["selector"]!.AsObject();
        var pods = snapshot.OfKind("Pod", service.Namespace()).Where(p => selector.All(kv => p.Str("metadata", "labels", kv.Key) == kv.Value!.GetValue<string>())).ToList();
        Assert.NotEmpty(pods);
        Assert.All(pods, p => Assert.DoesNotContain(targetPort, p["spec"]!["containers"]![0]!["ports"]!.AsArray().Select(x => x!["containerPort"]!.GetValue<int>())));
        var subset = snapshot.Get("Endpoints", service.Namespace(), service.Name())["subsets"]![0]!;
        Assert.Equal(pods.Count, subset["addresses"]!.AsArray().Count);
        Assert.Equal(targetPort, subset["ports"]![0]!["port"]!.GetValue<int>());
        var client = Object(snapshot, fault.AlertTarget);
        Assert.Contains($"dial tcp {service.Str("spec", "clusterIP")}:80: connect: connection refused", Log(snapshot, client, MainStatus(client).Str("name")!), StringComparison.Ordinal);
    }

    [Fact]
    public void ScaledToZero_Deployment_ZeroReplicasScaledDownEventAndNoEndpoints()
    {
        var (snapshot, fault) = Inject("scaled-to-zero");

        var deployment = Object(snapshot, fault.Culprit);
        Assert.Equal(0, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Contains(snapshot.EventsFor(deployment), e => e.Str("reason") == "ScalingReplicaSet" && e.Str("message")!.Contains(" to 0", StringComparison.Ordinal));
        Assert.DoesNotContain(snapshot.OfKind("Pod", deployment.Namespace()), p => WorkloadOf(snapshot, p).Uid() == deployment.Uid());
        var service = snapshot.Get("Service", deployment.Namespace(), deployment.Name());
        Assert.Null(snapshot.Get("Endpoints", deployment.Namespace(), deployment.Name())["subsets"]);
        var client = Object(snapshot, fault.AlertTarget);
        var clientPod = snapshot.OfKind("Pod", client.Namespace()).First(p => WorkloadOf(snapshot, p).Uid() == client.Uid());
        Assert.Contains($"{service.Str("spec", "clusterIP")}:80: connect: connection refused", Log(snapshot, clientPod, MainStatus(clientPod).Str("name")!), StringComparison.Ordinal);
    }

    [Fact]
    public void DependencyUnavailable_App_RefusedByTheDatabaseServiceWhoseStatefulSetIsDown()
    {
        var (snapshot, fault) = Inject("dependency-unavailable");

        Assert.Equal("StatefulSet", fault.Culprit.Kind);
        var statefulSet = Object(snapshot, fault.Culprit);
        Assert.Null(statefulSet["status"]!["readyReplicas"]);
        var service = snapshot.Get("Service", statefulSet.Namespace(), statefulSet.Str("spec", "serviceName")!);
        var ip = service.Str("spec", "clusterIP")!;
        Assert.NotEqual("None", ip);
        Assert.Null(snapshot.Get("Endpoints", service.Namespace(), service.Name())["subsets"]![0]!["addresses"]);
        var app = Object(snapshot, fault.AlertTarget);
        Assert.Contains($"dial tcp {ip}:5432: connect: connection refused", Log(snapshot, app, MainStatus(app).Str("name")!), StringComparison.Ordinal);
        Assert.Equal("CrashLoopBackOff", MainStatus(app).Str("state", "waiting", "reason"));
    }

    [Fact]
    public void RbacDenied_App_LogsForbiddenForItsServiceAccount()
    {
        var (snapshot, fault) = Inject("rbac-denied");

        var pod = Object(snapshot, fault.AlertTarget);
        var account = pod.Str("spec", "serviceAccountName")!;
        Assert.Single(snapshot.OfKind("ServiceAccount", pod.Namespace()), s => s.Name() == account);
        var log = Log(snapshot, pod, MainStatus(pod).Str("name")!);
        Assert.Contains($"pods is forbidden: User \"system:serviceaccount:{pod.Namespace()}:{account}\" cannot list resource \"pods\" in API group \"\"", log, StringComparison.Ordinal);
        Assert.Equal(fault.Culprit, new ResourceRef("Deployment", pod.Namespace(), WorkloadOf(snapshot, pod).Name()));
    }

    [Fact]
    public void HpaMisconfigured_Autoscaler_ScalingActiveFalseFailedGetResourceMetric()
    {
        var (snapshot, fault) = Inject("hpa-misconfigured");

        Assert.Equal("HorizontalPodAutoscaler", fault.Culprit.Kind);
        var hpa = Object(snapshot, fault.Culprit);
        var active = hpa.Condition("ScalingActive")!;
        Assert.Equal("False", active.Str("status"));
        Assert.Equal("FailedGetResourceMetric", active.Str("reason"));
        Assert.Contains(snapshot.EventsFor(hpa), e => e.Str("reason") == "FailedGetResourceMetric" && e.Str("message")!.Contains("missing request for cpu", StringComparison.Ordinal));
        var target = snapshot.Get("Deployment", hpa.Namespace(), hpa.Str("spec", "scaleTargetRef", "name")!);
        Assert.Null(target["spec"]!["template"]!["spec"]!["containers"]![0].Str("resources", "requests", "cpu"));
        Assert.NotEqual(hpa["status"]!["currentReplicas"]!.GetValue<int>(), hpa["status"]!["desiredReplicas"]!.GetValue<int>());
    }

    [Fact]
    public void JobFailed_Job_BackoffLimitExceededWithFailedPods()
    {
        var (snapshot, fault) = Inject("job-failed");

        var job = Object(snapshot, fault.AlertTarget);
        var failed = job.Condition("Failed")!;
        Assert.Equal("True", failed.Str("status"));
        Assert.Equal("BackoffLimitExceeded", failed.Str("reason"));
        var pods = snapshot.OfKind("Pod", job.Namespace()).Where(p => snapshot.OwnerOf(p)?.Uid() == job.Uid()).ToList();
        Assert.Equal(job["spec"]!["backoffLimit"]!.GetValue<int>() + 1, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Failed", p.Str("status", "phase"));
            Assert.NotEqual(0, MainStatus(p)["state"]!["terminated"]!["exitCode"]!.GetValue<int>());
        });
        Assert.Contains(snapshot.EventsFor(job), e => e.Str("reason") == "BackoffLimitExceeded");
        Assert.Equal(fault.Culprit, new ResourceRef("CronJob", job.Namespace(), snapshot.OwnerOf(job)!.Name()));
        Assert.Equal(job.Name(), fault.AlertLabels["job_name"]);
    }
}
