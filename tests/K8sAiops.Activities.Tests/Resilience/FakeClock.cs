using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Activities.Tests.Resilience;

/// <summary>Moves a <see cref="FakeTimeProvider"/> forward in small steps while a call that waits on it is running.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> every few real milliseconds until <paramref name="task"/>
    /// completes. Tests that use it give attempts a timeout of minutes so real network time never trips it.
    /// </summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan step)
    {
        var watch = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The call did not complete within 30 s of real time while the fake clock was driven.");
            }

            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(10));
        }

        return await task;
    }
}
