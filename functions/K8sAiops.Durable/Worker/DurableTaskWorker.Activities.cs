using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

public sealed partial class DurableTaskWorker
{
    private async Task PollWorkItemsAsync(CancellationToken stopping)
    {
        var idle = TimeSpan.Zero;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _activitySlots.WaitAsync(stopping);
                var free = 1 + _activitySlots.CurrentCount;
                IReadOnlyList<ReceivedMessage> messages;
                try
                {
                    messages = await _store.ReceiveWorkItemsAsync(Math.Min(free, 32), _options.VisibilityTimeout, stopping);
                }
                catch
                {
                    _activitySlots.Release();
                    throw;
                }

                if (messages.Count == 0)
                {
                    _activitySlots.Release();
                    idle = idle == TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    if (await _activitySignal.WaitAsync(idle, _time, stopping))
                    {
                        idle = TimeSpan.Zero;
                    }

                    continue;
                }

                idle = TimeSpan.Zero;
                for (var i = 1; i < messages.Count; i++)
                {
                    await _activitySlots.WaitAsync(stopping);
                }

                foreach (var message in messages)
                {
                    _ = Track(() => RunActivityAsync(message, stopping));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPollFailed(ex, -1);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
            }
        }
    }

    /// <summary>Runs one activity and reports its result to the orchestration; at least once, never lost.</summary>
    private async Task RunActivityAsync(ReceivedMessage message, CancellationToken stopping)
    {
        try
        {
            var scheduled = (TaskScheduled)message.Message.Event;
            var instanceId = message.Message.InstanceId;
            using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId, ["Activity"] = scheduled.Name });
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var renewing = KeepInvisibleAsync(message, renewal.Token);

            HistoryEvent outcome;
            try
            {
                outcome = await InvokeActivityAsync(scheduled, instanceId, message.Message.ExecutionId ?? string.Empty, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutting down: leave the work item for another host rather than report a failure.
                await renewal.CancelAsync();
                await _store.ReleaseMessageAsync(message, TimeSpan.Zero, CancellationToken.None);
                return;
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }

            OutboundMessage[] reply = [new OutboundMessage(new TaskMessage(instanceId, message.Message.ExecutionId, outcome))];
            await _store.SendAsync(reply, CancellationToken.None);
            OnMessagesSent(reply);
            await Step(new CheckpointInfo(CheckpointStep.ActivityResultSent, _options.WorkerId, instanceId, message.Message.ExecutionId, -1, 0, null));
            await _store.DeleteMessageAsync(message, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogActivityDispatchFailed(ex, message.Message.InstanceId);
            try
            {
                await _store.ReleaseMessageAsync(message, Backoff(message.DequeueCount));
            }
            catch (Exception releaseFailure)
            {
                // It becomes visible again when its visibility timeout runs out.
                LogReleaseFailed(releaseFailure);
            }
        }
        finally
        {
            _activitySlots.Release();
        }
    }

    private async Task<HistoryEvent> InvokeActivityAsync(TaskScheduled scheduled, string instanceId, string executionId, CancellationToken stopping)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (!_registry.TryCreateActivity(scheduled.Name, _services, out var activity))
        {
            var missing = new TaskFailureDetails(typeof(InvalidOperationException).FullName!, $"No activity named '{scheduled.Name}' is registered on this host.", null);
            return new TaskFailed { TaskScheduledId = scheduled.EventId, ScheduleId = scheduled.ScheduleId, Reason = missing.ErrorMessage, FailureDetails = missing, Timestamp = now };
        }

        try
        {
            var input = DataConverter.Deserialize(scheduled.Input, activity!.InputType);
            var output = await activity.RunAsync(new TaskActivityContext(scheduled.Name, instanceId, scheduled.EventId, executionId), input, stopping);
            return new TaskCompleted { TaskScheduledId = scheduled.EventId, ScheduleId = scheduled.ScheduleId, Result = DataConverter.Serialize(output), Timestamp = _time.GetUtcNow().UtcDateTime };
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogActivityFailed(ex, scheduled.Name, instanceId);
            var details = TaskFailureDetails.FromException(ex);
            return new TaskFailed { TaskScheduledId = scheduled.EventId, ScheduleId = scheduled.ScheduleId, Reason = details.ErrorMessage, FailureDetails = details, Timestamp = _time.GetUtcNow().UtcDateTime };
        }
    }

    /// <summary>Renews the work item's invisibility every third of its timeout while the activity runs.</summary>
    private async Task KeepInvisibleAsync(ReceivedMessage message, CancellationToken done)
    {
        var period = _options.VisibilityTimeout / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, _time, done);
                try
                {
                    // Not cancelled mid-request: an update the queue applied but this host never heard of would leave
                    // it with a stale pop receipt, and the work item's delete would fail.
                    await _store.RenewMessageAsync(message, _options.VisibilityTimeout, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Tried again next period; if it stays hidden no longer, another host may run it too (at least once).
                    LogReleaseFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The activity ended.
        }
    }
}
