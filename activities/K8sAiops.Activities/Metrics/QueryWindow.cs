namespace K8sAiops.Activities.Metrics;

/// <summary>The time range and resolution of a range query.</summary>
public sealed record QueryWindow(DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)
{
    /// <summary>The most points a window chosen by <see cref="AroundAlert"/> yields per series.</summary>
    public const int MaxPoints = 300;

    /// <summary>How far before an alert's start its window begins, and how far after it at most ends.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(30);

    /// <summary>How many points the window yields per series (Prometheus evaluates at Start, Start + Step, … ≤ End).</summary>
    public int Points => (int)((End - Start).Ticks / Step.Ticks) + 1;

    /// <summary>
    /// The window around an alert: from <paramref name="startsAt"/> − 30 min to the earliest of its end (when resolved),
    /// <paramref name="startsAt"/> + 30 min and now; with the smallest whole-second step that keeps at most
    /// <see cref="MaxPoints"/> points. Alertmanager sends a firing alert's <c>endsAt</c> as zero or in the future; both mean "not ended".
    /// </summary>
    public static QueryWindow AroundAlert(DateTimeOffset startsAt, DateTimeOffset? endsAt, DateTimeOffset now)
    {
        var start = startsAt - Margin;
        var end = startsAt + Margin;
        if (endsAt is { } ended && ended > startsAt && ended < end)
        {
            end = ended;
        }

        if (now < end)
        {
            end = now;
        }

        if (end <= start)
        {
            end = start + TimeSpan.FromSeconds(1);
        }

        return new QueryWindow(start, end, StepFor(end - start));
    }

    /// <summary>The smallest whole-second step (at least 1 s) that keeps a span at or under <see cref="MaxPoints"/> points.</summary>
    public static TimeSpan StepFor(TimeSpan span)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(span.TotalSeconds / (MaxPoints - 1)));
        return TimeSpan.FromSeconds(seconds);
    }
}
