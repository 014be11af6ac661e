using System.Collections.Concurrent;
using k8s;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// One KubernetesClient per cluster (kubeconfig context, or the in-cluster service account), created on first
/// use and kept for the host's life: each carries the request counter and the remote-call resilience pipeline.
/// </summary>
public sealed class KubernetesClients(IOptions<KubernetesOptions> options, Func<DelegatingHandler[]> handlers) : IDisposable
{
    /// <summary>The name used for the in-cluster service account's cluster.</summary>
    public const string InCluster = "in-cluster";

    private readonly ConcurrentDictionary<string, Lazy<(IKubernetes Client, string Cluster)>> _clients = new(StringComparer.Ordinal);

    /// <summary>
    /// The client for <paramref name="context"/> (a kubeconfig context name), or for the configured/current
    /// context when null. Returns the cluster's name alongside.
    /// </summary>
    /// <exception cref="InvalidOperationException">No cluster is configured, or the kubeconfig does not exist.</exception>
    public (IKubernetes Client, string Cluster) For(string? context = null)
    {
        var entry = _clients.GetOrAdd(context ?? "", _ => new Lazy<(IKubernetes, string)>(() =>
        {
            var config = Configuration(context, out var cluster);
            return (new k8s.Kubernetes(config, handlers()), cluster);
        }));
        try
        {
            return entry.Value;
        }
        catch (Exception)
        {
            // A configuration error is not cached: the next call reads the settings again.
            _clients.TryRemove(new KeyValuePair<string, Lazy<(IKubernetes Client, string Cluster)>>(context ?? "", entry));
            throw;
        }
    }

    private KubernetesClientConfiguration Configuration(string? context, out string cluster)
    {
        var settings = options.Value;
        var path = settings.Kubeconfig ?? DefaultKubeconfig();
        if (path is null)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new InvalidOperationException(
                    "No Kubernetes cluster is configured: set Collect__Kubernetes__Kubeconfig (or KUBECONFIG), or run the host in a pod.");
            }
            cluster = InCluster;
            return KubernetesClientConfiguration.InClusterConfig();
        }
        if (!File.Exists(path))
            throw new InvalidOperationException($"The kubeconfig '{path}' (Collect:Kubernetes:Kubeconfig) does not exist.");

        var wanted = context ?? settings.Context;
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: wanted);
        cluster = config.CurrentContext ?? wanted ?? "default";
        return config;
    }

    private static string? DefaultKubeconfig()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0);
        if (fromEnvironment is not null)
            return fromEnvironment;
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(home) ? home : null;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
            client.Value.Client.Dispose();
    }
}
