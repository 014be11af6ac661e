using System.Text.Json.Nodes;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Activities.Tests.Inspect.Checks;

/// <summary>Two days of one cluster: a fault on the first, fixed by the second, when another appears.</summary>
public class InspectionDiffTests
{
    private static readonly DateTimeOffset Now = SandboxCluster.Now;

    [Fact]
    public async Task Assemble_FaultFixedAndAnotherInjected_OneResolvedOneNewAndTheScoreMovesByTheirPoints()
    {
        var first = Day(Now, fixLatest: false, privileged: false);
        var report1 = (await ClusterInspection.RunAsync(first.Snapshot, Now, "inspection-1")).Assemble();
        var second = Day(Now.AddDays(1), fixLatest: true, privileged: true);
        var results2 = await ClusterInspection.RunAsync(second.Snapshot, Now.AddDays(1), "inspection-2");

        var report2 = results2.Assemble(report1);

        var fixedFinding = Assert.Single(report1.Findings);
        Assert.Equal((CheckCatalog.LatestImage.Id, Resource(first.Latest)), (fixedFinding.Check, fixedFinding.Resource));
        var resolved = Assert.Single(report2.Resolved);
        Assert.Equal((fixedFinding.Id, FindingStatuses.Resolved, 0), (resolved.Id, resolved.Status, resolved.Points));
        var added = Assert.Single(report2.Findings);
        Assert.Equal((CheckCatalog.Privileged.Id, Resource(second.Privileged!), FindingStatuses.New), (added.Check, added.Resource, added.Status));
        Assert.Equal(report1.Id, report2.Previous?.Id);
        Assert.Equal(fixedFinding.Points - added.Points, report2.Score - report1.Score);
        Assert.Equal((97, 92), (report1.Score, report2.Score)); // medium 3, high 8
    }

    /// <summary>The cluster at <paramref name="now"/>: the latest-image fault, fixed (pinned to a version) or not, and the privileged one or not.</summary>
    private static (ClusterSnapshot Snapshot, InspectionFault Latest, InspectionFault? Privileged) Day(DateTimeOffset now, bool fixLatest, bool privileged)
    {
        var snapshot = SyntheticCluster.Generate(InspectionFaultTests.Small() with { Now = now });
        var latest = InspectionFaults.Inject(snapshot, CheckCatalog.LatestImage.Id, new FaultOptions { Now = now });
        if (fixLatest)
        {
            foreach (var obj in snapshot.Objects)
                Pin(obj);
        }
        var added = privileged ? InspectionFaults.Inject(snapshot, CheckCatalog.Privileged.Id, new FaultOptions { Now = now }) : null;
        return (snapshot, latest, added);
    }

    /// <summary>Every <c>:latest</c> image in <paramref name="node"/> (templates, pods, statuses) pinned to 1.8.0.</summary>
    private static void Pin(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "image" && value is JsonValue v && v.TryGetValue<string>(out var image) && image.EndsWith(":latest", StringComparison.Ordinal))
                        obj[key] = image[..^"latest".Length] + "1.8.0";
                    else
                        Pin(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    Pin(item);
                break;
        }
    }

    private static FindingResource Resource(InspectionFault fault) => new(fault.Resource.Kind, fault.Resource.Namespace, fault.Resource.Name);
}
