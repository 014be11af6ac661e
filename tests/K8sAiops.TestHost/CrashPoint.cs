using K8sAiops.Durable;
using K8sAiops.Durable.Worker;

namespace K8sAiops.TestHost;

/// <summary>Where the test host kills itself: the N-th time it reaches a step, or the first finishing episode.</summary>
internal sealed class CrashPoint(CheckpointStep step, int occurrence, bool terminalOnly)
{
    private int _seen;

    public static CrashPoint? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split(':');
        var step = Enum.Parse<CheckpointStep>(parts[0]);
        return parts[1] == "Terminal" ? new CrashPoint(step, 1, true) : new CrashPoint(step, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), false);
    }

    public bool IsHit(CheckpointInfo info)
    {
        if (info.Step != step || (terminalOnly && info.Status?.IsTerminal() != true))
        {
            return false;
        }

        return Interlocked.Increment(ref _seen) == occurrence;
    }
}
