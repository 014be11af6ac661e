namespace K8sAiops.Durable.Timers;

/// <summary>
/// A timer trigger, as Azure Functions' <c>[TimerTrigger]</c> declares one: a name, a schedule,
/// an optional time zone, whether to run at start, whether to persist schedule status, and the
/// function to call. Construction validates everything, so a bad setting fails at start.
/// </summary>
public sealed record TimerTriggerDefinition
{
    private readonly string? _timeZone;
    private TimerSchedule _parsed;

    /// <summary>Creates a timer; throws <see cref="ArgumentException"/> naming the timer when the schedule is invalid.</summary>
    /// <param name="name">The timer's name, unique within a task hub; it keys the lease and the schedule status.</param>
    /// <param name="schedule">A 6-field NCRONTAB expression "sec min hour day month day-of-week", or a TimeSpan "hh:mm:ss".</param>
    /// <param name="callback">The function to run at each occurrence.</param>
    public TimerTriggerDefinition(string name, string schedule, Func<TimerInfo, CancellationToken, Task> callback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(callback);
        Name = name;
        Schedule = schedule;
        Callback = callback;
        _parsed = TimerSchedule.Parse(name, schedule, TimeZoneInfo.Utc);
    }

    /// <summary>The timer's name.</summary>
    public string Name { get; }

    /// <summary>The schedule text as given.</summary>
    public string Schedule { get; }

    /// <summary>The function to run at each occurrence.</summary>
    public Func<TimerInfo, CancellationToken, Task> Callback { get; }

    /// <summary>
    /// The time zone the schedule is read in, as an IANA id such as "Europe/Berlin".
    /// </summary>
    /// <value>Default <see langword="null"/>: UTC. An unknown id throws <see cref="ArgumentException"/> naming the timer.</value>
    public string? TimeZone
    {
        get => _timeZone;
        init
        {
            _parsed = TimerSchedule.Parse(Name, Schedule, FindZone(Name, value));
            _timeZone = value;
        }
    }

    /// <summary>Whether the timer also fires once when the host starts and takes charge of it.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool RunOnStartup { get; init; }

    /// <summary>
    /// Whether schedule status is persisted in the store, which lets occurrences missed while every
    /// host was down run once, past due, on return.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool UseMonitor { get; init; } = true;

    /// <summary>The first occurrence strictly after <paramref name="utcAfter"/>, in UTC; <see cref="DateTime.MaxValue"/> if the schedule never fires again.</summary>
    public DateTime GetNextOccurrence(DateTime utcAfter) => _parsed.GetNextOccurrence(utcAfter);

    private static TimeZoneInfo FindZone(string timerName, string? id)
    {
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ArgumentException($"Timer '{timerName}' has time zone '{id}', which is not a known time zone id.", nameof(TimeZone), ex);
        }
    }
}
