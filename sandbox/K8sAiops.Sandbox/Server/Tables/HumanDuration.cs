using System.Globalization;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>Durations as kubectl's AGE column shows them (k8s.io/apimachinery <c>duration.HumanDuration</c>): <c>45s</c>, <c>3m20s</c>, <c>5h</c>, <c>12d</c>.</summary>
internal static class HumanDuration
{
    public static string Since(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? Format(now - t) : "<unknown>";

    public static string Format(TimeSpan d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return F("{0}s", seconds);
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? F("{0}m", minutes) : F("{0}m{1}s", minutes, s);
        }

        if (minutes < 60 * 3)
        {
            return F("{0}m", minutes);
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? F("{0}h", hours) : F("{0}h{1}m", hours, m);
        }

        if (hours < 48)
        {
            return F("{0}h", hours);
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? F("{0}d", hours / 24) : F("{0}d{1}h", hours / 24, h);
        }

        if (hours < 24 * 365 * 2)
        {
            return F("{0}d", hours / 24);
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? F("{0}y", hours / 24 / 365) : F("{0}y{1}d", hours / 24 / 365, dy);
        }

        return F("{0}y", hours / 24 / 365);
    }

    private static string F(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
