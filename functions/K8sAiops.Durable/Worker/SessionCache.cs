using System.Collections.Concurrent;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

/// <summary>
/// Instance sessions, kept between episodes up to a budget. An instance has at most one live session: trimming
/// retires a session under its lock (only when idle with nothing waiting) before removing it, and a session that
/// was retired refuses messages, so a poller that fetched it just before the trim moves on to a fresh one.
/// </summary>
internal sealed class SessionCache
{
    private readonly ConcurrentDictionary<string, InstanceSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public IEnumerable<InstanceSession> Sessions => _sessions.Values;

    public bool TryGet(string instanceId, out InstanceSession? session) => _sessions.TryGetValue(instanceId, out session);

    /// <summary>Hands messages to the instance's session; returns the session when the caller must start running it.</summary>
    public InstanceSession? Enqueue(string instanceId, IEnumerable<ReceivedMessage> messages)
    {
        var batch = messages as IReadOnlyCollection<ReceivedMessage> ?? [.. messages];
        while (true)
        {
            var session = _sessions.GetOrAdd(instanceId, id => new InstanceSession(id));
            switch (session.Enqueue(batch))
            {
                case EnqueueResult.Start:
                    return session;
                case EnqueueResult.Queued:
                    return null;
                default:
                    _sessions.TryRemove(new KeyValuePair<string, InstanceSession>(instanceId, session));
                    break;
            }
        }
    }

    /// <summary>Drops the least recently used idle sessions beyond <paramref name="budget"/>.</summary>
    public void Trim(int budget)
    {
        var excess = _sessions.Count - budget;
        if (excess <= 0)
        {
            return;
        }

        foreach (var session in _sessions.Values.Where(s => !s.IsRunning).OrderBy(s => s.LastUsedTicks).Take(excess).ToList())
        {
            if (session.TryRetire())
            {
                _sessions.TryRemove(new KeyValuePair<string, InstanceSession>(session.InstanceId, session));
            }
        }
    }
}
