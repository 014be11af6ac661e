namespace K8sAiops.Sandbox.Server;

/// <summary>
/// Every request the sandbox has answered, in the order the answers started (a request is recorded before its client
/// can see the answer), so that tests can count API calls (e.g. that a collector pages with one list per 500 pods).
/// Thread-safe.
/// </summary>
public sealed class RequestJournal
{
    private readonly Lock gate = new();
    private readonly List<SandboxRequest> requests = [];

    /// <summary>How many requests have been recorded since the start or the last <see cref="Clear"/>.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return requests.Count;
            }
        }
    }

    /// <summary>A copy of the recorded requests.</summary>
    public IReadOnlyList<SandboxRequest> Snapshot()
    {
        lock (gate)
        {
            return [.. requests];
        }
    }

    /// <summary>Forgets every recorded request.</summary>
    public void Clear()
    {
        lock (gate)
        {
            requests.Clear();
        }
    }

    internal void Add(SandboxRequest request)
    {
        lock (gate)
        {
            requests.Add(request);
        }
    }
}
