using System.Globalization;
using NCrontab;

namespace K8sAiops.Durable.Timers;

/// <summary>
/// When a timer fires: a 6-field NCRONTAB expression evaluated in a time zone, or a constant
/// interval written as a TimeSpan ("hh:mm:ss"), the two forms Azure Functions' TimerTrigger accepts.
/// </summary>
internal abstract class TimerSchedule
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    /// <summary>The first occurrence strictly after <paramref name="utcAfter"/>, in UTC; <see cref="DateTime.MaxValue"/> if none.</summary>
    public abstract DateTime GetNextOccurrence(DateTime utcAfter);

    /// <summary>Parses <paramref name="expression"/> or throws an <see cref="ArgumentException"/> naming the timer and the value.</summary>
    public static TimerSchedule Parse(string timerName, string expression, TimeZoneInfo zone)
    {
        if (expression.Contains(':', StringComparison.Ordinal))
        {
            if (TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
            {
                return new ConstantTimerSchedule(interval);
            }

            throw new ArgumentException(
                $"Timer '{timerName}' has schedule '{expression}', which is not a positive TimeSpan (hh:mm:ss).",
                nameof(expression));
        }

        try
        {
            return new CronTimerSchedule(CrontabSchedule.Parse(expression, WithSeconds), zone);
        }
        catch (CrontabException ex)
        {
            throw new ArgumentException(
                $"Timer '{timerName}' has schedule '{expression}', which is not a 6-field NCRONTAB expression " +
                $"(sec min hour day month day-of-week): {ex.Message}",
                nameof(expression),
                ex);
        }
    }
}
