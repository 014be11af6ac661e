using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// The Kubernetes calls remediation makes, on the objects its actions target (Deployment, StatefulSet, Pod, Node),
/// with the objects as JSON so that one diff and one comparison serve every kind. The only writes are PATCH of
/// deployments, statefulsets and nodes, and DELETE of pods (what <c>infra/k8s</c>'s remediate role grants).
/// </summary>
internal static class LiveObjects
{
    public const string DryRunAll = "All";

    /// <summary>The object, or null when it does not exist.</summary>
    public static async Task<JsonObject?> ReadAsync(IKubernetes client, ResourceRef target, CancellationToken cancellationToken)
    {
        try
        {
            object obj = target.Kind switch
            {
                "Deployment" => await client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace, cancellationToken: cancellationToken),
                "StatefulSet" => await client.AppsV1.ReadNamespacedStatefulSetAsync(target.Name, target.Namespace, cancellationToken: cancellationToken),
                "ReplicaSet" => await client.AppsV1.ReadNamespacedReplicaSetAsync(target.Name, target.Namespace, cancellationToken: cancellationToken),
                "Pod" => await client.CoreV1.ReadNamespacedPodAsync(target.Name, target.Namespace, cancellationToken: cancellationToken),
                "Node" => await client.CoreV1.ReadNodeAsync(target.Name, cancellationToken: cancellationToken),
                _ => throw new ArgumentException($"Remediation does not read {target.Kind} objects.", nameof(target)),
            };
            return ToJson(obj);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>PATCHes the target (a server-side dry run with <paramref name="dryRun"/>) and returns the result.</summary>
    public static async Task<JsonObject> PatchAsync(IKubernetes client, ResourceRef target, string patchType, string patch, bool dryRun, CancellationToken cancellationToken)
    {
        var body = new V1Patch(patch, patchType switch
        {
            PatchTypes.StrategicMerge => V1Patch.PatchType.StrategicMergePatch,
            PatchTypes.Merge => V1Patch.PatchType.MergePatch,
            PatchTypes.Json => V1Patch.PatchType.JsonPatch,
            _ => throw new ArgumentException($"'{patchType}' is not a patch type remediation sends.", nameof(patchType)),
        });
        var mode = dryRun ? DryRunAll : null;
        object result = target.Kind switch
        {
            "Deployment" => await client.AppsV1.PatchNamespacedDeploymentAsync(body, target.Name, target.Namespace, dryRun: mode, cancellationToken: cancellationToken),
            "StatefulSet" => await client.AppsV1.PatchNamespacedStatefulSetAsync(body, target.Name, target.Namespace, dryRun: mode, cancellationToken: cancellationToken),
            "Node" => await client.CoreV1.PatchNodeAsync(body, target.Name, dryRun: mode, cancellationToken: cancellationToken),
            _ => throw new ArgumentException($"Remediation does not patch {target.Kind} objects.", nameof(target)),
        };
        return ToJson(result);
    }

    /// <summary>DELETEs the pod if it still has <paramref name="uid"/> and <paramref name="resourceVersion"/> (409 Conflict otherwise).</summary>
    public static Task DeletePodAsync(IKubernetes client, ResourceRef pod, string uid, string resourceVersion, bool dryRun, CancellationToken cancellationToken) =>
        client.CoreV1.DeleteNamespacedPodAsync(
            pod.Name, pod.Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid, ResourceVersion = resourceVersion } },
            dryRun: dryRun ? DryRunAll : null, cancellationToken: cancellationToken);

    public static async Task<List<JsonObject>> ReplicaSetsAsync(IKubernetes client, string ns, string? selector, CancellationToken cancellationToken)
    {
        var list = await client.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
        return [.. list.Items.Select(ToJson)];
    }

    public static async Task<List<JsonObject>> PodsAsync(IKubernetes client, string ns, string? selector, CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
        return [.. list.Items.Select(ToJson)];
    }

    /// <summary>The API server's message from a failed call's <c>v1 Status</c>, else the HTTP status.</summary>
    public static string Message(HttpOperationException e)
    {
        try
        {
            if (JsonNode.Parse(e.Response.Content ?? "") is JsonObject status && status["message"]?.GetValue<string>() is { Length: > 0 } message)
                return message;
        }
        catch (JsonException)
        {
        }
        return $"{(int)e.Response.StatusCode} {e.Response.ReasonPhrase}";
    }

    /// <summary><c>matchLabels</c> of a selector as a label selector string; null when it has none.</summary>
    public static string? Selector(JsonObject workload) =>
        workload["spec"]?["selector"]?["matchLabels"] is JsonObject labels && labels.Count > 0
            ? string.Join(',', labels.Select(l => $"{l.Key}={l.Value?.GetValue<string>()}"))
            : null;

    private static JsonObject ToJson(object obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
}

/// <summary>The patch content types remediation sends, and the marker of a delete.</summary>
public static class PatchTypes
{
    public const string StrategicMerge = "application/strategic-merge-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string Json = "application/json-patch+json";

    /// <summary>Not a patch: delete-pod's DELETE with preconditions.</summary>
    public const string Delete = "delete";
}
