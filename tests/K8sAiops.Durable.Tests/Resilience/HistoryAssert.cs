using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>Checks that a finished history is one a correct runtime could have written.</summary>
public static class HistoryAssert
{
    public static void IsConsistent(IReadOnlyList<HistoryEvent> history, int expectedActivities)
    {
        Assert.IsType<OrchestratorStarted>(history[0]);
        Assert.IsType<ExecutionStarted>(history[1]);
        Assert.Single(history.OfType<ExecutionStarted>());
        Assert.Single(history.OfType<ExecutionCompleted>());
        Assert.IsType<OrchestratorCompleted>(history[^1]);
        Assert.IsType<ExecutionCompleted>(history[^2]);

        var open = false;
        foreach (var e in history)
        {
            if (e is OrchestratorStarted)
            {
                Assert.False(open, "An episode started before the previous one completed.");
                open = true;
            }
            else if (e is OrchestratorCompleted)
            {
                Assert.True(open, "An episode completed that never started.");
                open = false;
            }
        }

        var scheduled = history.OfType<TaskScheduled>().Select(e => e.EventId).ToList();
        Assert.Equal(expectedActivities, scheduled.Count);
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
        var completions = history.OfType<TaskCompleted>().Select(c => c.TaskScheduledId)
            .Concat(history.OfType<TaskFailed>().Select(f => f.TaskScheduledId)).ToList();
        Assert.Equal(completions.Count, completions.Distinct().Count());
        Assert.Equal(scheduled.Order(), completions.Order());
    }
}
