using System.Globalization;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Log lines as typical applications write them: a timestamp, a level and a message.</summary>
internal static class AppLogs
{
    public static string Line(DateTimeOffset time, string level, string message) =>
        $"{K8sJson.LogTime(time)} {level,-5} {message}";

    /// <summary>A healthy HTTP service's log since <paramref name="started"/>: start-up lines, then request summaries up to now.</summary>
    public static IEnumerable<string> HealthyService(ClusterBuilder b, string app, string version, int port, DateTimeOffset started, int lines)
    {
        var t = started.AddMilliseconds(b.Random.Next(80, 400));
        yield return Line(t, "INFO", $"starting {app} version={version}");
        yield return Line(t.AddMilliseconds(35), "INFO", $"loaded configuration from /etc/{app}");
        yield return Line(t.AddMilliseconds(90), "INFO", $"listening on 0.0.0.0:{port}");
        var span = b.Now - t;
        for (var i = 3; i < lines; i++)
        {
            var at = t + (span * (i - 2) / Math.Max(1, lines - 2));
            var requests = b.Random.Next(200, 5000).ToString(CultureInfo.InvariantCulture);
            var p99 = b.Random.Next(8, 90).ToString(CultureInfo.InvariantCulture);
            yield return Line(at, "INFO", $"served {requests} requests in the last 60s (errors=0 p99={p99}ms)");
        }
    }
}
