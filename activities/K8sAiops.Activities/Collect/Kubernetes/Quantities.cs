using k8s.Models;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>Resource quantities (<c>500m</c>, <c>2Gi</c>) as numbers, and pod requests as the scheduler counts them.</summary>
internal static class Quantities
{
    public static long Millis(IDictionary<string, ResourceQuantity>? resources, string name) =>
        resources?.TryGetValue(name, out var q) == true ? (long)decimal.Round(q.ToDecimal() * 1000m) : 0;

    public static long Bytes(IDictionary<string, ResourceQuantity>? resources, string name) =>
        resources?.TryGetValue(name, out var q) == true ? (long)decimal.Round(q.ToDecimal()) : 0;

    public static string Text(IDictionary<string, ResourceQuantity>? resources, string name) =>
        resources?.TryGetValue(name, out var q) == true ? q.ToString() : "?";

    /// <summary>A pod's effective request: the larger of the sum over its containers and the largest init container.</summary>
    public static long PodRequestMillis(V1Pod pod, string resource) => PodRequest(pod, c => Millis(c.Resources?.Requests, resource));

    public static long PodRequestBytes(V1Pod pod, string resource) => PodRequest(pod, c => Bytes(c.Resources?.Requests, resource));

    private static long PodRequest(V1Pod pod, Func<V1Container, long> request)
    {
        var containers = pod.Spec?.Containers?.Sum(request) ?? 0;
        var init = pod.Spec?.InitContainers?.Select(request).DefaultIfEmpty(0).Max() ?? 0;
        return Math.Max(containers, init);
    }
}
