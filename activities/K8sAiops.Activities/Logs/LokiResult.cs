namespace K8sAiops.Activities.Logs;

/// <summary>The <c>data.resultType</c> of a Loki range query: log lines (streams) or a metric query's samples (matrix).</summary>
public enum LokiResultType
{
    Streams,
    Matrix,
}

/// <summary>Which end of the range Loki reads from; with a limit, backward gives the newest lines.</summary>
public enum LokiDirection
{
    Backward,
    Forward,
}

/// <summary>One log line. <see cref="UnixNanoseconds"/> is Loki's exact timestamp; <see cref="Timestamp"/> rounds it to 100 ns.</summary>
public sealed record LokiEntry(long UnixNanoseconds, string Line)
{
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(UnixNanoseconds / 100);
}

/// <summary>The lines of one stream (one label set), in the order Loki sent them (newest first when backward).</summary>
public sealed record LokiStream(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<LokiEntry> Entries);

/// <summary>One sample of a metric query.</summary>
public readonly record struct LokiSample(DateTimeOffset Timestamp, double Value);

/// <summary>One series of a metric query, oldest sample first.</summary>
public sealed record LokiSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<LokiSample> Samples);

/// <summary>
/// A successful Loki range query: <see cref="Streams"/> for a log query, <see cref="Series"/> for a metric query.
/// Loki's <c>data.stats</c> is not read.
/// </summary>
public sealed record LokiResult(LokiResultType ResultType, IReadOnlyList<LokiStream> Streams, IReadOnlyList<LokiSeries> Series)
{
    /// <summary>How many log lines the result holds across its streams.</summary>
    public int LineCount => Streams.Sum(s => s.Entries.Count);
}
