using K8sAiops.Durable.History;
using K8sAiops.Durable.Replay;
using K8sAiops.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Worker;

public sealed partial class DurableTaskWorker
{
    private async Task PollControlQueueAsync(PartitionState partition)
    {
        var stop = partition.Stop.Token;
        var idle = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (Volatile.Read(ref partition.PendingMessages) >= _options.MaxPendingMessagesPerPartition)
                {
                    await partition.Signal.WaitAsync(TimeSpan.FromMilliseconds(50), _time, stop);
                    continue;
                }

                var messages = await _store.ReceiveControlMessagesAsync(partition.Partition, _options.ControlQueueBatchSize, _options.VisibilityTimeout, stop);
                if (messages.Count == 0)
                {
                    idle = idle == TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    if (await partition.Signal.WaitAsync(idle, _time, stop))
                    {
                        idle = TimeSpan.Zero;
                    }

                    continue;
                }

                idle = TimeSpan.Zero;
                Interlocked.Add(ref partition.PendingMessages, messages.Count);
                foreach (var group in messages.GroupBy(m => m.Message.InstanceId, StringComparer.Ordinal))
                {
                    if (_sessions.Enqueue(group.Key, partition.Partition, group) is { } session)
                    {
                        _ = Track(() => RunSessionAsync(session, partition));
                    }
                }

                _sessions.Trim(_options.MaxCachedInstances);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPollFailed(ex, partition.Partition);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
            }
        }
    }

    private async Task RunSessionAsync(InstanceSession session, PartitionState partition)
    {
        await _orchestrationSlots.WaitAsync();
        try
        {
            while (session.TakePending() is { Count: > 0 } batch)
            {
                session.LastUsedTicks = _time.GetTimestamp();
                using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = session.InstanceId });
                try
                {
                    await ProcessEpisodeAsync(session, batch);
                }
                catch (HistoryConflictException)
                {
                    LogHistoryConflict(session.InstanceId, _options.WorkerId);
                    session.ForgetHistory();
                    await ReleaseAllAsync(batch, _ => TimeSpan.Zero);
                }
                catch (Exception ex)
                {
                    LogEpisodeFailed(ex, session.InstanceId);
                    session.ForgetHistory();
                    await ReleaseAllAsync(batch, m => Backoff(m.DequeueCount));
                }
                finally
                {
                    Interlocked.Add(ref partition.PendingMessages, -batch.Count);
                }
            }
        }
        finally
        {
            _orchestrationSlots.Release();
        }
    }

    /// <summary>
    /// One episode for one instance: sort the messages, replay and run the orchestrator, then checkpoint in the
    /// order that survives a crash between any two steps: send messages, append history (guarded), write the
    /// instance row, delete the consumed messages.
    /// </summary>
    private async Task ProcessEpisodeAsync(InstanceSession session, List<ReceivedMessage> batch)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var ready = await PostponeEarlyMessagesAsync(batch, now);
        if (ready.Count == 0)
        {
            return;
        }

        if (session.History is null)
        {
            var loaded = await _store.LoadHistoryAsync(session.InstanceId);
            session.History = [.. loaded.Events];
            session.Token = loaded.Token;
            session.ExecutionId = loaded.ExecutionId;
            session.Checkpoint = loaded.Checkpoint;
        }

        var plan = await PlanEpisodeAsync(session, ready, now);
        if (plan.PastEvents is null)
        {
            await FinishMessagesAsync(plan);
            return;
        }

        var orchestratorName = (plan.NewStart ?? plan.PastEvents.OfType<ExecutionStarted>().First()).Name;
        _registry.TryCreateOrchestrator(orchestratorName, _services, out var orchestrator);
        var result = OrchestrationExecutor.Execute(orchestrator, plan.PastEvents, plan.NewEvents, _loggerFactory);
        foreach (var dropped in result.DroppedEvents.Where(e => e is not OrchestratorStarted))
        {
            LogDroppedEvent(session.InstanceId, dropped.EventType);
        }

        var executionId = plan.NewStart?.ExecutionId ?? session.ExecutionId!;
        var changed = result.NewHistory.Any(e => e is not OrchestratorStarted and not OrchestratorCompleted);
        if (changed)
        {
            var outbound = BuildOutboundMessages(session.InstanceId, executionId, result, now);
            await _store.SendAsync(outbound);
            OnMessagesSent(outbound); // sent is durable: local pollers may start on it while this checkpoint goes on
            await Step(new CheckpointInfo(CheckpointStep.MessagesSent, _options.WorkerId, session.InstanceId, executionId, -1, 0, result.Status));

            var startIndex = plan.NewStart is null ? plan.PastEvents.Count : 0;
            var appended = await _store.AppendHistoryAsync(session.InstanceId, executionId, session.Token, startIndex, result.NewHistory);
            session.Token = appended.Token;
            session.Checkpoint = appended.Checkpoint;
            if (plan.NewStart is not null)
            {
                session.History = [];
                session.ExecutionId = executionId;
            }

            session.History!.AddRange(result.NewHistory);
            await Step(new CheckpointInfo(CheckpointStep.HistoryWritten, _options.WorkerId, session.InstanceId, executionId, startIndex, result.NewHistory.Count, result.Status));

            await WriteInstanceAsync(session, ToInstanceRecord(session.InstanceId, executionId, result, now, session.Checkpoint, includeInput: plan.NewStart is not null));
            await Step(new CheckpointInfo(CheckpointStep.InstanceWritten, _options.WorkerId, session.InstanceId, executionId, -1, 0, result.Status));
            LogEpisode(session.InstanceId, result.Status, result.NewActions.Count, plan.Consumed.Count);
        }
        else if (plan.Consumed.Any(m => m.DequeueCount > 1))
        {
            // Re-delivered messages whose events are all in history already: the host that wrote that history
            // may have died before writing the instance row (durabletask#1252). Write it again from history.
            if (await WriteInstanceAsync(session, ToInstanceRecord(session.InstanceId, executionId, result, now, session.Checkpoint, includeInput: true)))
            {
                LogInstanceRepaired(session.InstanceId, result.Status);
            }
        }

        if (result.IsFinished)
        {
            session.ForgetHistory();
        }

        await FinishMessagesAsync(plan);
    }

    /// <summary>Writes the row unless a newer one is there (a host that went on while this one stalled); true when written.</summary>
    private async Task<bool> WriteInstanceAsync(InstanceSession session, InstanceRecord record)
    {
        var write = await _store.WriteInstanceAsync(record, session.RowToken);
        session.RowToken = write.Token;
        if (!write.Written)
        {
            LogStaleInstanceWrite(session.InstanceId, record.RuntimeStatus, record.Checkpoint);
        }

        return write.Written;
    }

    private async Task Step(CheckpointInfo info)
    {
        if (_options.OnCheckpointStep is { } hook)
        {
            await hook(info);
        }
    }

    /// <summary>
    /// Timers and scheduled starts are never applied before their time: a message that shows up early (a chained
    /// long timer, a StartAt beyond what a queue can hold back, a queue's whole-second visibility) is hidden again
    /// for the time that remains, at most a chain link.
    /// </summary>
    private async Task<List<ReceivedMessage>> PostponeEarlyMessagesAsync(List<ReceivedMessage> batch, DateTime now)
    {
        var ready = new List<ReceivedMessage>(batch.Count);
        foreach (var message in batch)
        {
            var dueAt = message.Message.Event switch
            {
                TimerFired fired => fired.FireAt,
                ExecutionStarted { ScheduledStartTime: { } startAt } => startAt,
                _ => DateTime.MinValue,
            };
            if (dueAt > now)
            {
                var remaining = dueAt - now;
                await _store.ReleaseMessageAsync(message, remaining < _options.MaxTimerInterval ? remaining : _options.MaxTimerInterval);
                continue;
            }

            ready.Add(message);
        }

        return ready;
    }

    private async Task FinishMessagesAsync(EpisodePlan plan)
    {
        await Task.WhenAll(plan.Consumed.Select(m => _store.DeleteMessageAsync(m)));
        await Task.WhenAll(plan.Deferred.Select(d => _store.ReleaseMessageAsync(d.Message, d.Delay)));
    }

    private async Task ReleaseAllAsync(IEnumerable<ReceivedMessage> messages, Func<ReceivedMessage, TimeSpan> delay)
    {
        try
        {
            await Task.WhenAll(messages.Select(m => _store.ReleaseMessageAsync(m, delay(m))));
        }
        catch (Exception ex)
        {
            // The messages become visible again when their visibility timeout runs out.
            LogReleaseFailed(ex);
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
