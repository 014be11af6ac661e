using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// Reads what the applications need from the snapshot's failing pods, so that any <c>kubectl cluster-info dump</c>
/// behaves sensibly without a fault file:
/// <list type="bullet">
/// <item>a container last terminated OOMKilled under a memory limit L needs max(L × 1.25, the largest JVM
/// <c>-Xmx</c>/<c>-XX:MaxRAM</c> in its env values, command or args × 1.2), rounded up to a whole Mi;</item>
/// <item>a container waiting in ErrImagePull, ImagePullBackOff or InvalidImageName marks its image bad;</item>
/// <item>a container waiting in CrashLoopBackOff or RunContainerError whose last run ended with a non-zero exit code
/// other than 137 (and not OOMKilled) marks its image, command, args and env as crashing.</item>
/// </list>
/// Entries are scoped to the pod's namespace, workload and container (bad images to the namespace); the largest need
/// of a workload's pods counts.
/// </summary>
internal static class FaultDerivation
{
    private const double Mi = 1024d * 1024;

    public static FaultModel Derive(StoreTransaction tx)
    {
        var model = new FaultModel();
        foreach (var pod in tx.List(ResourceKinds.Pod))
        {
            var ns = pod.Namespace;
            var workload = Workloads.TopOwner(tx, pod.Json);
            var node = pod.ToNode();
            var specs = (node["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            foreach (var status in pod.Json.ItemsAt("status", "containerStatuses"))
            {
                var name = status.StringAt("name");
                if (specs.FirstOrDefault(c => c.StringAt("name") == name) is not { } container)
                {
                    continue;
                }

                Derive(model, ns, workload, container, status);
            }
        }

        return model;
    }

    private static void Derive(FaultModel model, string ns, string workload, JsonObject container, JsonElement status)
    {
        var name = container.StringAt("name")!;
        var image = container.StringAt("image") ?? "";
        var waiting = status.StringAt("state", "waiting", "reason");
        var terminated = status.At("lastState", "terminated") ?? status.At("state", "terminated");
        if (terminated?.StringAt("reason") == "OOMKilled" && OomNeed(container) is { } need)
        {
            var existing = model.MemoryNeeds.FindIndex(n => n.Namespace == ns && n.Workload == workload && n.Container == name);
            if (existing < 0)
            {
                model.MemoryNeeds.Add(need with { Namespace = ns, Workload = workload, Container = name });
            }
            else if (Metrics.Quantity.Parse(model.MemoryNeeds[existing].Memory) < Metrics.Quantity.Parse(need.Memory))
            {
                model.MemoryNeeds[existing] = need with { Namespace = ns, Workload = workload, Container = name };
            }

            return;
        }

        if (waiting is "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName")
        {
            if (!model.BadImages.Any(b => b.Image == image && b.Namespace == ns))
            {
                model.BadImages.Add(new BadImage(image) { Namespace = ns, Note = $"derived: {waiting} in {workload}" });
            }

            return;
        }

        if (waiting is "CrashLoopBackOff" or "RunContainerError"
            && terminated?.IntegerAt("exitCode") is { } exitCode and not 0 and not 137
            && !model.CrashingContainers.Any(c => c.Namespace == ns && c.Workload == workload && c.Container == name && ContainerSignature.Matches(c, container)))
        {
            model.CrashingContainers.Add(new CrashingContainer(image)
            {
                Namespace = ns,
                Workload = workload,
                Container = name,
                Command = Strings(container["command"]),
                Args = Strings(container["args"]),
                Env = container["env"] is JsonArray { Count: > 0 } env ? env.DeepClone().AsArray() : null,
                ExitCode = (int)exitCode,
                Reason = terminated?.StringAt("reason") ?? "Error",
                Message = terminated?.StringAt("message"),
                Note = $"derived: {waiting} after exit code {exitCode.ToString(CultureInfo.InvariantCulture)}",
            });
        }
    }

    /// <summary>The need of a container OOM-killed under its limit, or null when it has no limit and no JVM setting.</summary>
    private static MemoryNeed? OomNeed(JsonObject container)
    {
        var limit = FaultEvaluator.MemoryLimit(container);
        var jvm = JvmMemory.MaxBytes(container);
        var bytes = Math.Max((limit ?? 0) * 1.25, (jvm ?? 0) * 1.2);
        if (bytes <= 0)
        {
            return null;
        }

        var mebibytes = Math.Ceiling(Math.Round(bytes / Mi, 6));
        var note = "derived: OOMKilled"
            + (limit is { } l ? $" at a {Mebibytes(l)} limit (x1.25)" : "")
            + (jvm is { } j ? $", JVM max memory {Mebibytes(j)} (x1.2)" : "");
        return new MemoryNeed(mebibytes.ToString(CultureInfo.InvariantCulture) + "Mi") { Note = note };
    }

    private static string Mebibytes(double bytes) => Math.Round(bytes / Mi, 1).ToString(CultureInfo.InvariantCulture) + "Mi";

    private static string[]? Strings(JsonNode? node) =>
        node is JsonArray { Count: > 0 } items ? items.Select(i => i.StringAt() ?? "").ToArray() : null;
}
