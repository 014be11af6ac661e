using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

using ResourceRef = K8sAiops.Activities.Collect.Evidence.ResourceRef;

namespace K8sAiops.Activities.Tests.Collect;

/// <summary>Collection against 5,000-pod clusters: bounded requests for one pod, correct paging for a sweep.</summary>
public class ScaleTests
{
    private static ClusterSnapshot FiveThousandPodsInOneNamespace() => SyntheticCluster.Generate(new SyntheticClusterOptions
    {
        Now = SandboxCluster.Now,
        Nodes = 50,
        Namespaces = 1,
        DeploymentsPerNamespace = 1000,
        ReplicasPerDeployment = 5,
        StatefulSetsPerNamespace = 0,
        LogLinesPerContainer = 3,
    });

    [Fact]
    public async Task CollectAsync_OnePodOfFiveThousand_MakesBoundedRequestsAndNeverListsAllPods()
    {
        var snapshot = FiveThousandPodsInOneNamespace();
        var pods = snapshot.Objects.Where(o => (string?)o["kind"] == "Pod").ToList();
        Assert.True(pods.Count >= 5000, $"the generator made {pods.Count} pods");
        var pod = pods.First(p => ((string?)p["metadata"]!["name"])!.StartsWith("api-", StringComparison.Ordinal)
                                  || p["metadata"]!["ownerReferences"] is not null);
        var target = new ResourceRef("Pod", (string)pod["metadata"]!["namespace"]!, (string)pod["metadata"]!["name"]!);
        await using var cluster = await SandboxCluster.StartAsync(snapshot);

        var bundle = await cluster.CollectAsync(target);

        var requests = cluster.Server.Requests.Snapshot();
        Assert.NotNull(bundle.Find(target));
        Assert.Contains(bundle.Objects, o => o.Ref.Kind == "Deployment" && o.Role == EvidenceRole.Owner);
        Assert.Contains(bundle.Objects, o => o.Ref.Kind == "Node");
        Assert.Single(bundle.NodeAllocations);
        // Every pod listing is narrowed by a label selector (siblings) or a node field selector.
        var podLists = requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/pods", StringComparison.Ordinal)).ToList();
        Assert.All(podLists, r => Assert.True(r.Query.Contains("labelSelector=", StringComparison.Ordinal) || r.Query.Contains("fieldSelector=", StringComparison.Ordinal),
            $"unfiltered pod listing: {r.Path}?{r.Query}"));
        Console.WriteLine($"{requests.Count} requests, {bundle.Objects.Count} objects, {bundle.Events.Count} events, {bundle.Logs.Count} logs, {bundle.Notes.Count} notes");
        Assert.True(requests.Count <= 40, $"{requests.Count} requests:\n{string.Join('\n', requests.Select(r => $"{r.Method} {r.Path}?{r.Query}"))}");
        Assert.Equal(requests.Count, bundle.ApiRequests);
    }

    [Fact]
    public async Task PodsAsync_SweepOfFiveThousandPods_SeesEveryPodOnceInPagesOf500()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions
        {
            Now = SandboxCluster.Now,
            Nodes = 20,
            Namespaces = 10,
            DeploymentsPerNamespace = 100,
            ReplicasPerDeployment = 5,
            StatefulSetsPerNamespace = 0,
            LogLinesPerContainer = 1,
        });
        var expected = snapshot.Objects.Where(o => (string?)o["kind"] == "Pod")
            .Select(o => $"{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}").ToHashSet();
        Assert.True(expected.Count >= 5000, $"the generator made {expected.Count} pods");
        await using var cluster = await SandboxCluster.StartAsync(snapshot);

        var pages = new List<int>();
        var seen = new List<string>();
        await foreach (V1Pod pod in ClusterSweep.PodsAsync(cluster.Client, null, 500, pages.Add))
            seen.Add($"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}");

        Assert.Equal(expected.Count, seen.Count);
        Assert.Equal(expected, seen.ToHashSet());
        Assert.Equal((expected.Count + 499) / 500, pages.Count);
        Assert.All(pages.Take(pages.Count - 1), size => Assert.Equal(500, size));
        var requests = cluster.Server.Requests.Snapshot();
        Assert.Equal(pages.Count, requests.Count);
        Assert.All(requests, r => Assert.Contains("limit=500", r.Query, StringComparison.Ordinal));
        Assert.Equal(pages.Count - 1, requests.Count(r => r.Query.Contains("continue=", StringComparison.Ordinal)));
    }
}
