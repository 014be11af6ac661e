namespace K8sAiops.Durable.Storage.InMemory;

/// <summary>A queue with Azure Queue semantics: visibility timeouts, dequeue counts and pop receipts.</summary>
internal sealed class InMemoryQueue
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];
    private long _nextId;

    public void Add(string body, DateTime visibleAt)
    {
        lock (_lock)
        {
            _entries.Add(new Entry(_nextId++, body) { VisibleAt = visibleAt });
        }
    }

    public IReadOnlyList<(long Id, int Receipt, string Body, int DequeueCount)> Take(int maxCount, DateTime now, DateTime invisibleUntil)
    {
        lock (_lock)
        {
            var taken = new List<(long, int, string, int)>();
            foreach (var entry in _entries)
            {
                if (taken.Count >= maxCount)
                {
                    break;
                }

                if (entry.VisibleAt <= now)
                {
                    entry.VisibleAt = invisibleUntil;
                    entry.DequeueCount++;
                    entry.Receipt++;
                    taken.Add((entry.Id, entry.Receipt, entry.Body, entry.DequeueCount));
                }
            }

            return taken;
        }
    }

    /// <summary>Deletes the entry if the receipt is current (a message re-received elsewhere is not deleted).</summary>
    public void Delete(long id, int receipt)
    {
        lock (_lock)
        {
            _entries.RemoveAll(e => e.Id == id && e.Receipt == receipt);
        }
    }

    public void SetVisibleAt(long id, int receipt, DateTime visibleAt)
    {
        lock (_lock)
        {
            if (_entries.Find(e => e.Id == id && e.Receipt == receipt) is { } entry)
            {
                entry.VisibleAt = visibleAt;
            }
        }
    }

    private sealed class Entry(long id, string body)
    {
        public long Id { get; } = id;

        public string Body { get; } = body;

        public DateTime VisibleAt { get; set; }

        public int DequeueCount { get; set; }

        public int Receipt { get; set; }
    }
}
