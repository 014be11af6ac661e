using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

/// <summary>
/// One instance's work on this host: messages waiting for the next episode and, between episodes,
/// the history and append token (so the next episode needs no history read).
/// </summary>
internal sealed class InstanceSession(string instanceId)
{
    private readonly Lock _lock = new();
    private List<ReceivedMessage> _pending = [];

    public string InstanceId { get; } = instanceId;

    public bool IsRunning { get; private set; }

    public string? ExecutionId { get; set; }

    public List<HistoryEvent>? History { get; set; }

    public object? Token { get; set; }

    /// <summary>The checkpoint of the history this session holds (the last append's number).</summary>
    public long Checkpoint { get; set; }

    /// <summary>What the last instance-row write returned: lets the next write skip reading the row.</summary>
    public object? RowToken { get; set; }

    public long LastUsedTicks { get; set; }

    /// <summary>Set once the cache dropped this session: it takes no more messages and never runs again.</summary>
    public bool IsRetired { get; private set; }

    /// <summary>Adds messages, unless the session is retired; says whether the caller must start running it.</summary>
    public EnqueueResult Enqueue(IEnumerable<ReceivedMessage> messages)
    {
        lock (_lock)
        {
            if (IsRetired)
            {
                return EnqueueResult.Retired;
            }

            _pending.AddRange(messages);
            if (IsRunning)
            {
                return EnqueueResult.Queued;
            }

            IsRunning = true;
            return EnqueueResult.Start;
        }
    }

    /// <summary>Retires the session if it is idle with nothing waiting; then no message can reach it any more.</summary>
    public bool TryRetire()
    {
        lock (_lock)
        {
            if (IsRunning || _pending.Count > 0)
            {
                return false;
            }

            IsRetired = true;
            return true;
        }
    }

    /// <summary>Takes all waiting messages; an empty result also marks the session idle.</summary>
    public List<ReceivedMessage> TakePending()
    {
        lock (_lock)
        {
            var taken = _pending;
            _pending = [];
            if (taken.Count == 0)
            {
                IsRunning = false;
            }

            return taken;
        }
    }

    public void ForgetHistory()
    {
        History = null;
        Token = null;
        ExecutionId = null;
        Checkpoint = 0;
        RowToken = null;
    }
}

internal enum EnqueueResult
{
    /// <summary>The session was idle: the caller runs it.</summary>
    Start,

    /// <summary>The session is running and takes the messages in its next episode.</summary>
    Queued,

    /// <summary>The session was dropped from the cache: use a new one.</summary>
    Retired,
}
