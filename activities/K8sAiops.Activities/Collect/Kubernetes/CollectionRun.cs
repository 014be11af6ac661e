using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// One evidence collection for one alert target. The work is split by concern over partial files:
/// targets, owners, pods, nodes, storage, configuration, services and dependencies, namespace context,
/// events. Every sub-collection that fails becomes a note; only cancellation ends the run early.
/// </summary>
internal sealed partial class CollectionRun(
    IKubernetes client, CollectOptions options, Func<string, string> redact, ILogger logger, CancellationToken cancellation)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _once = new(StringComparer.Ordinal);

    public BundleBuilder Bundle { get; } = new();

    /// <summary>Runs <paramref name="work"/> once per <paramref name="key"/> for the whole run, however many pods ask for it.</summary>
    private Task Once(string key, Func<Task> work) =>
        _once.GetOrAdd(key, _ => new Lazy<Task>(work)).Value;

    /// <summary>Runs a sub-collection; a failure becomes a note saying what is unavailable and why.</summary>
    private async Task Safely(string source, string what, Func<Task> work, NoteSeverity severity = NoteSeverity.Warning)
    {
        if (await ApiFailures.ReasonAsync(work, cancellation) is { } reason)
        {
            logger.LogWarning("Collecting {What} for {Source} failed: {Reason}", what, source, reason);
            Bundle.AddNote(source, $"{what} unavailable: {reason}", severity, collectionFailed: true);
        }
    }

    /// <summary>Reads an object, or null when the API answers 404.</summary>
    private static async Task<T?> GetOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Adds an object read from the API under its kind (list items come without <c>kind</c>).</summary>
    private ResourceRef AddObject(string kind, IKubernetesObject<V1ObjectMeta> obj, EvidenceRole role)
    {
        var reference = RefOf(kind, obj);
        if (Bundle.TryRaiseRole(reference, role))
            return reference;
        obj.Kind ??= kind;
        obj.ApiVersion ??= ApiVersionOf(kind);
        Bundle.AddObject(reference, role, ObjectTrimmer.Trim(obj, redact));
        return reference;
    }

    private static ResourceRef RefOf(string kind, IKubernetesObject<V1ObjectMeta> obj) =>
        new(kind, obj.Metadata.NamespaceProperty ?? "", obj.Metadata.Name);

    private static string ApiVersionOf(string kind) => kind switch
    {
        "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet" => "apps/v1",
        "Job" or "CronJob" => "batch/v1",
        "Ingress" => "networking.k8s.io/v1",
        "StorageClass" => "storage.k8s.io/v1",
        "HorizontalPodAutoscaler" => "autoscaling/v2",
        _ => "v1",
    };
}
