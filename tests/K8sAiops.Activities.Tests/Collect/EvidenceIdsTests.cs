using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Synthetic;
using ResourceRef = K8sAiops.Activities.Collect.Evidence.ResourceRef;

namespace K8sAiops.Activities.Tests.Collect;

public class EvidenceIdsTests
{
    [Fact]
    public async Task Unique_TwoBundlesOfOneCluster_IdsNeverClashAndItemsKeepTheirContent()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = SandboxCluster.Now });
        var oom = Faults.Inject(snapshot, "oom-killed", new FaultOptions { Now = SandboxCluster.Now });
        var crash = Faults.Inject(snapshot, "crash-loop", new FaultOptions { Now = SandboxCluster.Now });
        await using var cluster = await SandboxCluster.StartAsync(snapshot);
        var first = await cluster.CollectAsync(new ResourceRef(oom.AlertTarget.Kind, oom.AlertTarget.Namespace, oom.AlertTarget.Name));
        var second = await cluster.CollectAsync(new ResourceRef(crash.AlertTarget.Kind, crash.AlertTarget.Namespace, crash.AlertTarget.Name));
        Assert.Equal("ev-1", second.Objects[0].Id);

        var unique = EvidenceIds.Unique([first, second]);

        var ids = unique.SelectMany(b => b.Objects.Select(o => o.Id).Concat(b.Events.Select(e => e.Id)).Concat(b.Logs.Select(l => l.Id))
            .Concat(b.NodeAllocations.Select(a => a.Id)).Concat(b.Notes.Select(n => n.Id))).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Same(first, unique[0]);
        Assert.Equal(second.Objects[0].Ref, unique[1].Objects[0].Ref);
        Assert.NotEqual("ev-1", unique[1].Objects[0].Id);
    }
}
