using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>A container the kubelet reports as running, with what its series are labelled and computed from.</summary>
/// <param name="Pod">The pod.</param>
/// <param name="Workload">The pod's top-level owner.</param>
/// <param name="Spec">The container's entry in <c>spec.containers</c> (resources).</param>
/// <param name="Node">The node it runs on.</param>
/// <param name="Started">When it started (<c>state.running.startedAt</c>): where its counters begin.</param>
internal sealed record RunningContainer(StoredObject Pod, string Workload, string Name, string Image, JsonElement Spec, string Node, DateTimeOffset Started)
{
    /// <summary>The running containers of the pods in <paramref name="scrape"/>'s state, on nodes whose kubelet answers.</summary>
    public static IEnumerable<RunningContainer> All(UsageScrape scrape)
    {
        foreach (var pod in scrape.State.List(ResourceKinds.Pod))
        {
            var node = pod.Json.StringAt("spec", "nodeName");
            if (pod.Json.StringAt("status", "phase") != "Running" || !scrape.IsReachable(node))
            {
                continue;
            }

            string? workload = null;
            foreach (var status in pod.Json.ItemsAt("status", "containerStatuses"))
            {
                var name = status.StringAt("name") ?? "";
                if (status.At("state", "running") is not { ValueKind: JsonValueKind.Object } running
                    || pod.Json.ItemsAt("spec", "containers").FirstOrDefault(c => c.StringAt("name") == name) is not { ValueKind: JsonValueKind.Object } spec)
                {
                    continue;
                }

                workload ??= scrape.Workload(pod);
                var started = running.TimeAt("startedAt") ?? pod.Json.TimeAt("status", "startTime") ?? scrape.Now;
                yield return new RunningContainer(pod, workload, name, spec.StringAt("image") ?? status.StringAt("image") ?? "", spec, node!, started);
            }
        }
    }

    public string Namespace => Pod.Namespace;

    /// <summary>A stable key for the defaults: the same container of the same pod always gets the same numbers.</summary>
    public string Key => $"{Pod.Namespace}/{Pod.Name}/{Name}";

    /// <summary>The container's <c>resources.limits[resource]</c> (cores or bytes), or null.</summary>
    public double? Limit(string resource) => Quantity.Parse(Spec.ScalarAt("resources", "limits", resource));

    /// <summary>The container's <c>resources.requests[resource]</c> (cores or bytes), or null.</summary>
    public double? Request(string resource) => Quantity.Parse(Spec.ScalarAt("resources", "requests", resource));

    /// <summary>Seconds it has run by <paramref name="now"/> (0 when it has not started yet by that clock).</summary>
    public double SecondsRunning(DateTimeOffset now) => Math.Max(0, (now - Started).TotalSeconds);
}
