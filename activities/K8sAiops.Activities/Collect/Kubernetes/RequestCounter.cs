namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// Counts the HTTP requests made on behalf of one collection, across the shared, cached clients: the count
/// flows with the async call, so concurrent collections each see their own.
/// </summary>
public sealed class RequestCounter : DelegatingHandler
{
    private static readonly AsyncLocal<StrongBox> Current = new();

    /// <summary>Starts counting for the calling async flow; the returned box holds the count.</summary>
    public static StrongBox Begin()
    {
        var box = new StrongBox();
        Current.Value = box;
        return box;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Current.Value is { } box)
            Interlocked.Increment(ref box.Count);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>A mutable count shared by reference.</summary>
    public sealed class StrongBox
    {
        internal int Count;

        public int Value => Volatile.Read(ref Count);
    }
}
