using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Http;
using K8sAiops.Sandbox.Server.Kubeconfig;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Sandbox.Server;

/// <summary>
/// The sandbox cluster: a Kubernetes API server over a <see cref="ClusterSnapshot"/>, on plain HTTP at 127.0.0.1.
/// kubectl and KubernetesClient talk to it as to a real cluster (see <c>Server/README.md</c> for what it serves).
/// </summary>
/// <remarks>
/// Container logs (<c>GET …/pods/{name}/log</c>) come from <see cref="ClusterSnapshot.Logs"/>. A log line that starts
/// with an RFC 3339 timestamp and a space is dated by it and served without it (unless <c>timestamps=true</c>); a
/// line without one takes the time of the line before it, and lines before any timestamp the container's start time.
/// <c>sinceSeconds</c> counts back from <see cref="SandboxServerOptions.TimeProvider"/>.
/// </remarks>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ObjectStore store;
    private int disposed;

    private SandboxServer(WebApplication app, ObjectStore store, Uri baseAddress, RequestJournal requests)
    {
        this.app = app;
        this.store = store;
        BaseAddress = baseAddress;
        Requests = requests;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:39127/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every request answered so far.</summary>
    public RequestJournal Requests { get; }

    /// <summary>The store's current revision: the <c>resourceVersion</c> a list would carry now.</summary>
    public long ResourceVersion => store.Current.Revision;

    /// <summary>Loads <paramref name="snapshot"/> (copied; later changes to it are not seen) and starts listening.</summary>
    /// <exception cref="ArgumentException">The snapshot holds an object of an unknown kind, without a name, or twice.</exception>
    public static async Task<SandboxServer> StartAsync(ClusterSnapshot snapshot, SandboxServerOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SandboxServerOptions();
        var store = new ObjectStore(options.TimeProvider, options.HistoryRetention);
        SnapshotLoader.Load(store, snapshot);
        store.Faults = ComposeFaults(store, snapshot, options);
        var state = new SandboxState(store, snapshot.Logs, options.TimeProvider, ComposeTrends(snapshot, options));
        var router = new ApiRouter(state);
        var requests = new RequestJournal();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            // Recorded as the response starts, so that a client never sees an answer before the journal holds it.
            var recorded = 0;
            void Record()
            {
                if (Interlocked.Exchange(ref recorded, 1) == 0)
                {
                    requests.Add(RequestAttributes.Describe(http.Request, http.Response.StatusCode));
                }
            }

            http.Response.OnStarting(() =>
            {
                Record();
                return Task.CompletedTask;
            });
            try
            {
                await next(http);
            }
            finally
            {
                Record();
            }
        });
        app.Run(router.HandleAsync);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, store, new Uri(address.EndsWith('/') ? address : address + "/"), requests);
    }

    /// <summary>
    /// A copy of the fault model new pods are judged by: the explicit entries (<see cref="SandboxServerOptions.Faults"/>,
    /// then the snapshot's), then those derived from the snapshot's pods (see <c>Server/README.md</c>, "What a fix fixes").
    /// </summary>
    public FaultModel Faults
    {
        get
        {
            var copy = new FaultModel();
            copy.Add(store.Faults.Model);
            return copy;
        }
    }

    /// <summary>
    /// Writes a kubeconfig for this server to <paramref name="path"/> (creating its folder): a cluster with the server's
    /// URL, a user with a dummy token, and the context <paramref name="contextName"/> (with <paramref name="namespace"/>
    /// as its default namespace when given) as the current context. Returns the full path written.
    /// </summary>
    public string WriteKubeconfig(string path, string contextName = "sandbox", string? @namespace = null)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, KubeconfigWriter.Render(BaseAddress, contextName, @namespace));
        return fullPath;
    }

    /// <summary>A copy of the object of <paramref name="kind"/> called <paramref name="name"/> (in <paramref name="namespace"/> when namespaced), or null.</summary>
    public JsonObject? GetObject(ResourceKind kind, string? @namespace, string name) =>
        store.Current.Get(kind, new ObjectKey(kind.Namespaced ? @namespace ?? "" : "", name))?.ToNode();

    /// <summary>Copies of the objects of <paramref name="kind"/> (in <paramref name="namespace"/>, or all when null), ordered by namespace and name.</summary>
    public IReadOnlyList<JsonObject> ListObjects(ResourceKind kind, string? @namespace = null) =>
        store.Current.List(kind, @namespace).Select(o => o.ToNode()).ToList();

    private static FaultEvaluator ComposeFaults(ObjectStore store, ClusterSnapshot snapshot, SandboxServerOptions options)
    {
        var explicitEntries = new FaultModel();
        if (options.Faults is { } given)
        {
            explicitEntries.Add(given);
        }

        explicitEntries.Add(snapshot.Faults);
        foreach (var need in explicitEntries.MemoryNeeds.Where(n => Server.Metrics.Quantity.Parse(n.Memory) is null))
        {
            throw new ArgumentException($"The memory need '{need.Memory}' (SandboxServerOptions.Faults or the snapshot's {FaultModel.FileName}) is not a quantity.", nameof(options));
        }

        var derived = options.DeriveFaults ? store.Write(dryRun: true, FaultDerivation.Derive) : new FaultModel();
        return FaultEvaluator.Compose(explicitEntries, derived);
    }

    private static MetricTrends ComposeTrends(ClusterSnapshot snapshot, SandboxServerOptions options)
    {
        var trends = new MetricTrends();
        if (options.MetricTrends is { } given)
        {
            trends.Add(given);
        }

        trends.Add(snapshot.MetricTrends);
        if (MetricTrendsCheck.FirstProblem(trends) is { } problem)
        {
            throw new ArgumentException($"{problem} (SandboxServerOptions.MetricTrends or the snapshot's {MetricTrends.FileName}).", nameof(options));
        }

        return trends;
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
