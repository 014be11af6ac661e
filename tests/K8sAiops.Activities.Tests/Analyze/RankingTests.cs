using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Analyze.Rules;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Tests.AnalyzeRules.Support;

namespace K8sAiops.Activities.Tests.AnalyzeRules;

/// <summary>The ranking step prefers the culprit over the symptom along the dependency graph.</summary>
public class RankingTests
{
    private static readonly ResourceRef Pod = new("Pod", "shop", "web-abc12-x1");

    [Fact]
    public void Diagnose_PodPendingOnPendingClaim_BlamesClaimNotPod()
    {
        var claim = new ResourceRef("PersistentVolumeClaim", "shop", "data-db-0");
        var bundle = new HandBundle(Pod)
            .Pod("shop", Pod.Name, "web", "Pending", HandBundle.Waiting("web", "ContainerCreating"))
            .Object("PersistentVolumeClaim", "shop", claim.Name, EvidenceRole.Storage, new JsonObject { ["spec"] = new JsonObject { ["storageClassName"] = "fast" }, ["status"] = new JsonObject { ["phase"] = "Pending" } })
            .Event(Pod, "Warning", "FailedScheduling", "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.", HandBundle.Now.AddMinutes(-2))
            .Event(claim, "Warning", "ProvisioningFailed", "storageclass.storage.k8s.io \"fast\" not found", HandBundle.Now.AddMinutes(-1))
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing(), [bundle], HandBundle.Now);

        Assert.Equal((Categories.PvcPending, claim), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.Contains("fast", diagnosis.RootCause.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_OomKilledContainerInCrashLoopBackOff_OomBeatsCrashLoop()
    {
        var bundle = new HandBundle(Pod)
            .Pod("shop", Pod.Name, "web", "Running", HandBundle.Waiting("web", "CrashLoopBackOff", "OOMKilled", 137, 6),
                spec: new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "1Gi" } } }) })
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing("KubePodCrashLooping"), [bundle], HandBundle.Now);

        Assert.Equal((Categories.OomKilled, new ResourceRef("Deployment", "shop", "web")), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.DoesNotContain(diagnosis.Alternatives, a => a.Category == Categories.CrashLoop);
        var patch = Assert.Single(diagnosis.Actions, a => a.Kind == ActionKinds.PatchMemoryLimit);
        Assert.Equal("medium", patch.Risk);
        Assert.Equal("kubectl -n shop set resources deployment/web -c web --limits=memory=1536Mi", Assert.Single(patch.Commands));
    }

    [Fact]
    public void Diagnose_InitContainerCrashingWhileAppWaits_BlamesInitContainer()
    {
        var bundle = new HandBundle(Pod)
            .Pod("shop", Pod.Name, "web", "Pending", HandBundle.Waiting("web", "PodInitializing"), initStatus: HandBundle.Waiting("migrate", "CrashLoopBackOff", "Error", 1, 4))
            .Log(Pod, "migrate", true, "Traceback (most recent call last):", "psycopg.OperationalError: relation exists")
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing(), [bundle], HandBundle.Now);

        Assert.Equal(Categories.InitContainerFailure, diagnosis.RootCause.Category);
        Assert.Contains("psycopg.OperationalError: relation exists", diagnosis.RootCause.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_ClientFailsAndServiceBehindIsScaledToZero_BlamesWorkloadNotServiceOrClient()
    {
        var service = new ResourceRef("Service", "shop", "prices");
        var client = new ResourceRef("Pod", "shop", "quote-abc12-x1");
        var bundle = new HandBundle(client)
            .Pod("shop", client.Name, "quote", "Running", HandBundle.Waiting("quote", "CrashLoopBackOff", "Error", 1, 3))
            .Object("Service", "shop", "prices", EvidenceRole.Dependency, new JsonObject { ["spec"] = new JsonObject { ["selector"] = new JsonObject { ["app"] = "prices" } } })
            .Object("Deployment", "shop", "prices", EvidenceRole.Dependency, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 0 }, ["status"] = new JsonObject() })
            .Event(new ResourceRef("Deployment", "shop", "prices"), "Normal", "ScalingReplicaSet", "Scaled down replica set prices-abc12 to 0 from 3", HandBundle.Now.AddMinutes(-40))
            .Log(client, "quote", true, "ERROR dial tcp prices.shop.svc.cluster.local:80: connect: connection refused")
            .Note(service.ToString(), "error logs of the collected pods fail to reach Service shop/prices", NoteSeverity.Warning)
            .Note(service.ToString(), "Service shop/prices selects no pods: no pod in the namespace has the labels app=prices", NoteSeverity.Error)
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing("KubePodCrashLooping"), [bundle], HandBundle.Now);

        Assert.Equal((Categories.ScaledToZero, new ResourceRef("Deployment", "shop", "prices")), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.Equal("kubectl -n shop scale deployment/prices --replicas=3", Assert.Single(Assert.Single(diagnosis.Actions).Commands));
        Assert.Contains(diagnosis.Alternatives, a => a.Category == Categories.ServiceNoEndpoints && a.Resource == service);
    }

    [Fact]
    public void Diagnose_ClientCrashesAndDependencyCrashes_BlamesDependencyWorkload()
    {
        var client = new ResourceRef("Pod", "shop", "orders-abc12-x1");
        var db = new ResourceRef("StatefulSet", "shop", "db");
        var bundle = new HandBundle(client)
            .Pod("shop", client.Name, "orders", "Running", HandBundle.Waiting("orders", "CrashLoopBackOff", "Error", 1, 8))
            .Object("Service", "shop", "db", EvidenceRole.Dependency, new JsonObject())
            .Object("StatefulSet", "shop", "db", EvidenceRole.Dependency, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 }, ["status"] = new JsonObject { ["readyReplicas"] = 0 } })
            .Log(client, "orders", true, "ERROR dial tcp db.shop.svc.cluster.local:5432: connect: connection refused")
            .Note("service/shop/db", "error logs of the collected pods fail to reach Service shop/db", NoteSeverity.Warning)
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing("KubePodCrashLooping"), [bundle], HandBundle.Now);

        Assert.Equal((Categories.DependencyUnavailable, db), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.Contains(diagnosis.Alternatives, a => a.Category == Categories.CrashLoop && a.Resource == new ResourceRef("Deployment", "shop", "orders"));
    }

    [Fact]
    public void Diagnose_EvictedPodOnNodeUnderMemoryPressure_BlamesNode()
    {
        var node = ResourceRef.ClusterScoped("Node", "worker-2");
        var bundle = new HandBundle(Pod)
            .Object("Pod", "shop", Pod.Name, EvidenceRole.Target, new JsonObject
            {
                ["spec"] = new JsonObject { ["nodeName"] = "worker-2" },
                ["status"] = new JsonObject { ["phase"] = "Failed", ["reason"] = "Evicted", ["message"] = "The node was low on resource: memory." },
            }, "ReplicaSet", "web-abc12")
            .Object("Node", "", "worker-2", EvidenceRole.Node, new JsonObject
            {
                ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "MemoryPressure", ["status"] = "True" }, new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
            })
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing(), [bundle], HandBundle.Now);

        Assert.Equal((Categories.NodePressure, node), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.Contains(diagnosis.Actions, a => a.Kind == ActionKinds.CordonNode && a.Commands.Contains("kubectl cordon worker-2"));
    }
    [Fact]
    public void Diagnose_CrashingOnUnreachableExternalDatabase_DependencyBeatsCrashLoop()
    {
        var bundle = new HandBundle(Pod)
            .Pod("shop", Pod.Name, "web", "Running", HandBundle.Waiting("web", "CrashLoopBackOff", "Error", 1, 4))
            .Log(Pod, "web", true, "ERROR dial tcp: lookup db.example.internal on 10.96.0.10:53: no such host", "FATAL giving up")
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing("KubePodCrashLooping"), [bundle], HandBundle.Now);

        Assert.Equal((Categories.DependencyUnavailable, new ResourceRef("Deployment", "shop", "web")), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.Contains("no such host", diagnosis.RootCause.Summary, StringComparison.Ordinal);
        Assert.Contains(diagnosis.Alternatives, a => a.Category == Categories.CrashLoop);
    }

    [Fact]
    public void Diagnose_OomKilledTenMinutesAgoButRunningNow_StillOomKilled()
    {
        var status = HandBundle.RunningReady("web", restarts: 3);
        status["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["reason"] = "OOMKilled", ["exitCode"] = 137, ["finishedAt"] = HandBundle.Time(HandBundle.Now.AddMinutes(-10)) } };
        var bundle = new HandBundle(Pod).Pod("shop", Pod.Name, "web", "Running", status).Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing("KubePodCrashLooping"), [bundle], HandBundle.Now);

        Assert.Equal(Categories.OomKilled, diagnosis.RootCause.Category);
        Assert.Equal("kubectl -n shop set resources deployment/web -c web --limits=memory=512Mi", diagnosis.Actions[0].Commands[0]);
    }
}
