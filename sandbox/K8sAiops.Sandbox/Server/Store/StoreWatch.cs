using System.Threading.Channels;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>A started watch: where it begins (the state, or the backlog of changes after a revision) and what follows.</summary>
internal sealed class StoreWatch(StoreState? start, IReadOnlyList<StoreChange> backlog, ChannelReader<StoreChange> live, Action stop) : IDisposable
{
    /// <summary>The state to report as ADDED first, when the watch starts from "now".</summary>
    public StoreState? Start { get; } = start;

    /// <summary>Retained changes after the requested revision.</summary>
    public IReadOnlyList<StoreChange> Backlog { get; } = backlog;

    /// <summary>Changes committed after the watch started.</summary>
    public ChannelReader<StoreChange> Live { get; } = live;

    public void Dispose() => stop();
}
