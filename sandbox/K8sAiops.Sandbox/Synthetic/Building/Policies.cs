using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Namespace ResourceQuotas and HorizontalPodAutoscalers.</summary>
internal static class Policies
{
    public const string QuotaName = "compute-resources";

    /// <summary>What the pods of a namespace use against a compute quota, summed as the quota controller does (non-terminal pods).</summary>
    public static (long RequestsCpu, long RequestsMemory, long LimitsCpu, long LimitsMemory, int Pods) Usage(IEnumerable<JsonObject> pods)
    {
        long requestsCpu = 0, requestsMemory = 0, limitsCpu = 0, limitsMemory = 0;
        var count = 0;
        foreach (var pod in pods.Where(p => !Pods.IsTerminal(p)))
        {
            count++;
            foreach (var container in Pods.Containers(pod, "containers"))
            {
                var resources = container["resources"];
                requestsCpu += Quantities.CpuMillis(K8sJson.Text(resources, "requests", "cpu"));
                requestsMemory += Quantities.Bytes(K8sJson.Text(resources, "requests", "memory"));
                limitsCpu += Quantities.CpuMillis(K8sJson.Text(resources, "limits", "cpu"));
                limitsMemory += Quantities.Bytes(K8sJson.Text(resources, "limits", "memory"));
            }
        }

        return (requestsCpu, requestsMemory, limitsCpu, limitsMemory, count);
    }

    /// <summary>A compute quota with room to spare: hard limits about twice what the namespace uses, rounded up.</summary>
    public static JsonObject Quota(ClusterBuilder b, string ns, IEnumerable<JsonObject> pods, DateTimeOffset created)
    {
        var used = Usage(pods);
        var quota = K8sJson.Object(ResourceKinds.ResourceQuota, b.Metadata(ResourceKinds.ResourceQuota, ns, QuotaName, created));
        var hard = new JsonObject
        {
            ["limits.cpu"] = Quantities.Cpu(RoundUp(used.LimitsCpu * 2, 4000)),
            ["limits.memory"] = Quantities.Memory(RoundUp(used.LimitsMemory * 2, 8L << 30)),
            ["pods"] = RoundUp(used.Pods * 2, 50).ToString(CultureInfo.InvariantCulture),
            ["requests.cpu"] = Quantities.Cpu(RoundUp(used.RequestsCpu * 2, 2000)),
            ["requests.memory"] = Quantities.Memory(RoundUp(used.RequestsMemory * 2, 4L << 30)),
        };
        quota["spec"] = new JsonObject { ["hard"] = hard };
        quota["status"] = new JsonObject { ["hard"] = hard.DeepClone(), ["used"] = Used(used) };
        return b.Add(quota);
    }

    public static JsonObject Used((long RequestsCpu, long RequestsMemory, long LimitsCpu, long LimitsMemory, int Pods) used) => new()
    {
        ["limits.cpu"] = Quantities.Cpu(used.LimitsCpu),
        ["limits.memory"] = Quantities.Memory(used.LimitsMemory),
        ["pods"] = used.Pods.ToString(CultureInfo.InvariantCulture),
        ["requests.cpu"] = Quantities.Cpu(used.RequestsCpu),
        ["requests.memory"] = Quantities.Memory(used.RequestsMemory),
    };

    /// <summary>A CPU-utilisation autoscaler on a Deployment, scaling fine (ScalingActive=True, within range).</summary>
    public static JsonObject HealthyAutoscaler(ClusterBuilder b, JsonObject deployment, int replicas, DateTimeOffset created)
    {
        var hpa = Autoscaler(b, deployment, replicas, Math.Max(replicas * 4, 4), 70, created);
        var utilisation = b.Random.Next(15, 60);
        hpa["status"] = new JsonObject
        {
            ["lastScaleTime"] = K8sJson.Time(created.AddHours(2)),
            ["currentReplicas"] = replicas,
            ["desiredReplicas"] = replicas,
            ["currentMetrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["current"] = new JsonObject { ["averageValue"] = $"{utilisation}m", ["averageUtilization"] = utilisation },
                },
            }),
            ["conditions"] = new JsonArray(
                K8sJson.Condition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", created.AddMinutes(1)),
                K8sJson.Condition("ScalingActive", "True", "ValidMetricFound",
                    "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", created.AddMinutes(1)),
                K8sJson.Condition("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range", created.AddMinutes(1))),
        };
        return hpa;
    }

    /// <summary>An autoscaling/v2 HPA on <paramref name="deployment"/> with a CPU utilisation target (status left to the caller).</summary>
    public static JsonObject Autoscaler(ClusterBuilder b, JsonObject deployment, int min, int max, int targetUtilisation, DateTimeOffset created)
    {
        var ns = K8sJson.Namespace(deployment);
        var name = K8sJson.Name(deployment);
        var hpa = K8sJson.Object(ResourceKinds.HorizontalPodAutoscaler, b.Metadata(ResourceKinds.HorizontalPodAutoscaler, ns, name, created,
            K8sJson.Labels(("app", name))));
        hpa["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["kind"] = "Deployment", ["name"] = name, ["apiVersion"] = "apps/v1" },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = targetUtilisation },
                },
            }),
        };
        return b.Add(hpa);
    }

    /// <summary>
    /// A policy/v1 PodDisruptionBudget over the pods <paramref name="selector"/> matches, with the status the disruption
    /// controller computes: healthy pods, how many must stay healthy, and the disruptions that leaves.
    /// </summary>
    public static JsonObject DisruptionBudget(ClusterBuilder b, string ns, string name, JsonObject selector, JsonNode? minAvailable, JsonNode? maxUnavailable,
        DateTimeOffset created)
    {
        var pdb = K8sJson.Object(ResourceKinds.PodDisruptionBudget, b.Metadata(ResourceKinds.PodDisruptionBudget, ns, name, created, K8sJson.Labels(("app", name)), generation: 1));
        var spec = new JsonObject();
        if (minAvailable is not null)
        {
            spec["minAvailable"] = minAvailable;
        }

        if (maxUnavailable is not null)
        {
            spec["maxUnavailable"] = maxUnavailable;
        }

        spec["selector"] = new JsonObject { ["matchLabels"] = selector.DeepClone() };
        pdb["spec"] = spec;
        var pods = b.Objects(ResourceKinds.Pod, ns).Where(p => Pods.IsActive(p) && Networking.Selects(selector, p)).ToList();
        var expected = pods.Count;
        var healthy = pods.Count(Pods.IsReady);
        var desired = minAvailable is not null ? Count(minAvailable, expected, roundUp: true) : Math.Max(0, expected - Count(maxUnavailable, expected, roundUp: true));
        var allowed = Math.Max(0, healthy - desired);
        pdb["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = healthy,
            ["desiredHealthy"] = desired,
            ["expectedPods"] = expected,
            ["conditions"] = new JsonArray(K8sJson.Condition("DisruptionAllowed", allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods",
                "", created.AddSeconds(2))),
        };
        return b.Add(pdb);
    }

    /// <summary>
    /// Recounts the namespace's compute quota from its pods, as the quota controller does; with <paramref name="raise"/>,
    /// first raises hard limits the pods exceed (as whoever admitted them must have done).
    /// </summary>
    public static void RecountQuota(ClusterBuilder b, string ns, bool raise)
    {
        if (b.Objects(ResourceKinds.ResourceQuota, ns).FirstOrDefault() is not { } quota)
        {
            return;
        }

        var used = Usage(b.Objects(ResourceKinds.Pod, ns));
        if (raise)
        {
            var needed = new (string Key, string Value)[]
            {
                ("limits.cpu", Quantities.Cpu(RoundUp(used.LimitsCpu * 2, 4000))), ("limits.memory", Quantities.Memory(RoundUp(used.LimitsMemory * 2, 8L << 30))),
                ("requests.cpu", Quantities.Cpu(RoundUp(used.RequestsCpu * 2, 2000))), ("requests.memory", Quantities.Memory(RoundUp(used.RequestsMemory * 2, 4L << 30))),
            };
            foreach (var hard in new[] { quota["spec"]!["hard"]!, quota["status"]!["hard"]! })
            {
                foreach (var (key, value) in needed)
                {
                    var current = key.EndsWith(".cpu", StringComparison.Ordinal) ? Quantities.CpuMillis(K8sJson.Text(hard, key)) : Quantities.Bytes(K8sJson.Text(hard, key));
                    var wanted = key.EndsWith(".cpu", StringComparison.Ordinal) ? Quantities.CpuMillis(value) : Quantities.Bytes(value);
                    if (hard[key] is not null && current < wanted / 2 * 2 && current < (key.EndsWith(".cpu", StringComparison.Ordinal) ? Quantities.CpuMillis(value) / 2 : Quantities.Bytes(value) / 2) + 1)
                    {
                        hard[key] = value;
                    }
                }
            }
        }

        quota["status"]!["used"] = Used(used);
        K8sJson.Metadata(quota)["resourceVersion"] = b.NextResourceVersion();
    }

    /// <summary>An intstr count of <paramref name="expected"/>: a number, or a percentage rounded as the disruption controller rounds it.</summary>
    private static int Count(JsonNode? value, int expected, bool roundUp)
    {
        if (value is JsonValue number && number.TryGetValue<int>(out var count))
        {
            return count;
        }

        var text = K8sJson.Text(value);
        if (text is null)
        {
            return 0;
        }

        if (text.EndsWith('%'))
        {
            var share = expected * int.Parse(text[..^1], CultureInfo.InvariantCulture) / 100.0;
            return (int)(roundUp ? Math.Ceiling(share) : Math.Floor(share));
        }

        return int.Parse(text, CultureInfo.InvariantCulture);
    }

    private static long RoundUp(long value, long step) => Math.Max(step, (value + step - 1) / step * step);
}
