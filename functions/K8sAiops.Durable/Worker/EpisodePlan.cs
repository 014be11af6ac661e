using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

/// <summary>
/// How an episode treats its messages: which events it applies, which messages it consumes, and which
/// it puts back for later (events for an execution that has not started yet).
/// </summary>
internal sealed class EpisodePlan
{
    /// <summary>History to replay; null when there is nothing to run (messages are only consumed or deferred).</summary>
    public List<HistoryEvent>? PastEvents { get; set; }

    public List<HistoryEvent> NewEvents { get; } = [];

    /// <summary>Set when this episode starts a new execution (first start, continue-as-new or re-creation).</summary>
    public ExecutionStarted? NewStart { get; set; }

    public List<ReceivedMessage> Consumed { get; } = [];

    /// <summary>Messages put back for later, each with how long it stays hidden.</summary>
    public List<(ReceivedMessage Message, TimeSpan Delay)> Deferred { get; } = [];

    public void Defer(ReceivedMessage message, TimeSpan delay) => Deferred.Add((message, delay));
}
