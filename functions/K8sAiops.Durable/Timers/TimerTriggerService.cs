using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Timers;

/// <summary>
/// Runs timer triggers the way Azure Functions' TimerTrigger does, on every host that shares a
/// <see cref="ITimerScheduleStore"/>: each occurrence fires on one host only (a lease per timer,
/// and an ETag-guarded status written before the callback runs), schedule status is persisted,
/// occurrences missed while every host was down run once, past due, on return, and a host that
/// stops hands its timers over at once (one that dies, when its leases expire).
/// </summary>
/// <remarks>
/// An occurrence is recorded before its callback runs, so a host that dies mid-callback does not
/// run that occurrence again elsewhere: each occurrence starts at most once. Callback failures are
/// logged and the schedule goes on.
/// </remarks>
public sealed class TimerTriggerService : IHostedService, IAsyncDisposable
{
    /// <summary>The lease a host takes on each timer it runs, renewed every third of it.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(15);

    private readonly List<TimerRunner> _runners;
    private readonly ILogger<TimerTriggerService> _logger;
    private readonly string _hostId;
    private CancellationTokenSource? _stopping;
    private Task? _running;

    /// <summary>Creates the service; throws <see cref="ArgumentException"/> when two timers share a name.</summary>
    /// <param name="timers">The timers to run.</param>
    /// <param name="store">Leases and schedule status, shared by every host of the task hub.</param>
    /// <param name="timeProvider">The clock, for occurrences and for waiting.</param>
    /// <param name="logger">Where firings, failures and lease changes are logged.</param>
    /// <param name="hostId">This host's id, as it appears in logs and leases.</param>
    /// <param name="leaseDuration">The lease per timer; <see cref="DefaultLeaseDuration"/> when omitted (blob leases allow 15 to 60 s).</param>
    public TimerTriggerService(
        IEnumerable<TimerTriggerDefinition> timers,
        ITimerScheduleStore store,
        TimeProvider timeProvider,
        ILogger<TimerTriggerService> logger,
        string hostId,
        TimeSpan? leaseDuration = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostId);
        var lease = leaseDuration ?? DefaultLeaseDuration;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero, nameof(leaseDuration));
        var definitions = timers.ToList();
        var duplicate = definitions.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Timer '{duplicate.Key}' is defined more than once.", nameof(timers));
        }

        _logger = logger;
        _hostId = hostId;
        _runners = definitions
            .Select(t => new TimerRunner(t, store, timeProvider, logger, hostId, lease))
            .ToList();
    }

    /// <summary>Starts every timer's loop and returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("The timer trigger service has already been started.");
        }

        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _running = Task.WhenAll(_runners.Select(r => Task.Run(() => r.RunAsync(token), CancellationToken.None)));
        _logger.LogInformation("Timer triggers started on host {HostId}: {TimerCount} timers", _hostId, _runners.Count);
        return Task.CompletedTask;
    }

    /// <summary>Cancels running callbacks, waits for them, and releases this host's leases.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = Interlocked.Exchange(ref _stopping, null);
        if (stopping is null || _running is null)
        {
            return;
        }

        await stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken);
        stopping.Dispose();
        _logger.LogInformation("Timer triggers stopped on host {HostId}", _hostId);
    }

    /// <summary>Stops the service if it is running.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>Stops like a crashed process: loops end but leases are kept until they expire.</summary>
    internal Task AbandonAsync()
    {
        foreach (var runner in _runners)
        {
            runner.ReleaseOnStop = false;
        }

        return StopAsync(CancellationToken.None);
    }
}
