namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// Makes crash-looping containers keep crashing while the sandbox runs: a container waiting in
/// <c>CrashLoopBackOff</c> gains one restart per <see cref="Every"/> since the server loaded its snapshot, counted on
/// the server's <see cref="TimeProvider"/>. Only <c>kube_pod_container_status_restarts_total</c> sees the extra
/// restarts (the stored pod keeps its <c>restartCount</c>), so <c>increase(…[N])</c> over scrapes is positive.
/// </summary>
/// <param name="Every">How often a crash-looping container restarts; <see cref="TimeSpan.Zero"/> or less turns it off.</param>
internal sealed record RestartSimulation(TimeSpan Every)
{
    public static RestartSimulation Off { get; } = new(TimeSpan.Zero);

    /// <summary>The restarts to add to a container's <c>restartCount</c> at <paramref name="now"/>.</summary>
    public long ExtraRestarts(string? waitingReason, DateTimeOffset loadedAt, DateTimeOffset now)
    {
        if (Every <= TimeSpan.Zero || waitingReason != "CrashLoopBackOff" || now <= loadedAt)
        {
            return 0;
        }

        return (now - loadedAt).Ticks / Every.Ticks;
    }

    /// <summary>
    /// Reads the <c>restartEvery</c> query parameter of <c>GET /metrics</c>: a Prometheus-style duration
    /// (<c>500ms</c>, <c>5s</c>, <c>1m</c>, <c>1h</c>) or plain seconds. Missing or empty: <see cref="Off"/>.
    /// </summary>
    /// <exception cref="FormatException">The value is not a duration.</exception>
    public static RestartSimulation FromQuery(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Off;
        }

        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(value[..^suffix.Length], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return new RestartSimulation(TimeSpan.FromSeconds(n * seconds));
            }
        }

        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var plain)
            ? new RestartSimulation(TimeSpan.FromSeconds(plain))
            : throw new FormatException($"restartEvery: '{value}' is not a duration such as 5s, 500ms or 1m.");
    }
}
