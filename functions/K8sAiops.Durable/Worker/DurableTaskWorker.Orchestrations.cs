using K8sAiops.Durable.History;
using K8sAiops.Durable.Replay;
using K8sAiops.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Worker;

public sealed partial class DurableTaskWorker
{
    private async Task PollControlQueueAsync(PartitionState partition)
    {
        var stop = partition.Polling.Token;
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
                partition.Hold(messages, _time.GetTimestamp());
                Interlocked.Add(ref partition.PendingMessages, messages.Count);
                foreach (var group in messages.GroupBy(m => m.Message.InstanceId, StringComparer.Ordinal))
                {
                    if (partition.Sessions.Enqueue(group.Key, group) is { } session)
                    {
                        _ = Track(() => RunSessionAsync(session, partition));
                    }
                }

                partition.Sessions.Trim(_options.MaxCachedInstances / Math.Max(1, _partitions.Count));
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

    /// <summary>
    /// Runs a session's episodes one after another while messages keep coming. When the partition's ownership ends,
    /// the episode in progress stops before its next write and every message still held is released at once, for
    /// the next owner.
    /// </summary>
    private async Task RunSessionAsync(InstanceSession session, PartitionState partition)
    {
        var owned = partition.Owned.Token;
        var slot = false;
        try
        {
            await _orchestrationSlots.WaitAsync(owned);
            slot = true;
        }
        catch (OperationCanceledException)
        {
            // Ownership ended while waiting for a slot: the messages below are released, not run.
        }

        try
        {
            while (session.TakePending() is { Count: > 0 } batch)
            {
                session.LastUsedTicks = _time.GetTimestamp();
                using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = session.InstanceId });
                try
                {
                    owned.ThrowIfCancellationRequested();
                    await ProcessEpisodeAsync(session, batch, partition);
                }
                catch (OperationCanceledException) when (owned.IsCancellationRequested)
                {
                    LogEpisodeAbandoned(session.InstanceId, partition.Partition);
                    session.ForgetHistory();
                    await ReleaseAllAsync(partition, batch, _ => TimeSpan.Zero);
                }
                catch (HistoryConflictException)
                {
                    LogHistoryConflict(session.InstanceId, _options.WorkerId);
                    session.ForgetHistory();
                    await ReleaseAllAsync(partition, batch, _ => TimeSpan.Zero);
                }
                catch (Exception ex)
                {
                    LogEpisodeFailed(ex, session.InstanceId);
                    session.ForgetHistory();
                    await ReleaseAllAsync(partition, batch, m => Backoff(m.DequeueCount));
                }
                finally
                {
                    Interlocked.Add(ref partition.PendingMessages, -batch.Count);
                }
            }
        }
        finally
        {
            if (slot)
            {
                _orchestrationSlots.Release();
            }
        }
    }

    /// <summary>
    /// One episode for one instance: sort the messages, replay and run the orchestrator, then checkpoint in the
    /// order that survives a crash between any two steps: send messages, append history (guarded), write the
    /// instance row, delete the consumed messages. Each write first checks that the partition is still owned.
    /// </summary>
    private async Task ProcessEpisodeAsync(InstanceSession session, List<ReceivedMessage> batch, PartitionState partition)
    {
        var owned = partition.Owned.Token;
        var now = _time.GetUtcNow().UtcDateTime;
        var ready = await PostponeEarlyMessagesAsync(partition, batch, now);
        if (ready.Count == 0)
        {
            return;
        }

        if (session.History is null)
        {
            var loaded = await _store.LoadHistoryAsync(session.InstanceId, owned);
            session.History = [.. loaded.Events];
            session.Token = loaded.Token;
            session.ExecutionId = loaded.ExecutionId;
            session.Checkpoint = loaded.Checkpoint;
        }

        var plan = await PlanEpisodeAsync(session, ready, now, owned);
        if (plan.PastEvents is null)
        {
            await FinishMessagesAsync(partition, plan);
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
            owned.ThrowIfCancellationRequested();
            await _store.SendAsync(outbound, owned);
            OnMessagesSent(outbound); // sent is durable: local pollers may start on it while this checkpoint goes on
            await Step(new CheckpointInfo(CheckpointStep.MessagesSent, _options.WorkerId, session.InstanceId, executionId, -1, 0, result.Status));

            var startIndex = plan.NewStart is null ? plan.PastEvents.Count : 0;
            owned.ThrowIfCancellationRequested();
            var appended = await _store.AppendHistoryAsync(session.InstanceId, executionId, session.Token, startIndex, result.NewHistory, owned);
            session.Token = appended.Token;
            session.Checkpoint = appended.Checkpoint;
            if (plan.NewStart is not null)
            {
                session.History = [];
                session.ExecutionId = executionId;
            }

            session.History!.AddRange(result.NewHistory);
            await Step(new CheckpointInfo(CheckpointStep.HistoryWritten, _options.WorkerId, session.InstanceId, executionId, startIndex, result.NewHistory.Count, result.Status));

            await WriteInstanceAsync(session, ToInstanceRecord(session.InstanceId, executionId, result, now, session.Checkpoint, includeInput: plan.NewStart is not null), owned);
            await Step(new CheckpointInfo(CheckpointStep.InstanceWritten, _options.WorkerId, session.InstanceId, executionId, -1, 0, result.Status));
            LogEpisode(session.InstanceId, result.Status, result.NewActions.Count, plan.Consumed.Count);
        }
        else if (plan.Consumed.Any(m => m.DequeueCount > 1))
        {
            // Re-delivered messages whose events are all in history already: the host that wrote that history
            // may have died before writing the instance row (durabletask#1252). Write it again from history.
            if (await WriteInstanceAsync(session, ToInstanceRecord(session.InstanceId, executionId, result, now, session.Checkpoint, includeInput: true), owned))
            {
                LogInstanceRepaired(session.InstanceId, result.Status);
            }
        }

        if (result.IsFinished)
        {
            session.ForgetHistory();
        }

        await FinishMessagesAsync(partition, plan);
    }

    /// <summary>Writes the row unless a newer one is there (a host that went on while this one stalled); true when written.</summary>
    private async Task<bool> WriteInstanceAsync(InstanceSession session, InstanceRecord record, CancellationToken owned)
    {
        owned.ThrowIfCancellationRequested();
        var write = await _store.WriteInstanceAsync(record, session.RowToken, owned);
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
    private async Task<List<ReceivedMessage>> PostponeEarlyMessagesAsync(PartitionState partition, List<ReceivedMessage> batch, DateTime now)
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
                var hideFor = remaining < _options.MaxTimerInterval ? remaining : _options.MaxTimerInterval;
                await partition.SettleAsync(message, () => _store.ReleaseMessageAsync(message, hideFor));
                continue;
            }

            ready.Add(message);
        }

        return ready;
    }

    /// <summary>After the checkpoint, whatever happens to ownership: consumed messages are deleted, deferred ones hidden again.</summary>
    private async Task FinishMessagesAsync(PartitionState partition, EpisodePlan plan)
    {
        await Task.WhenAll(plan.Consumed.Select(m => partition.SettleAsync(m, () => _store.DeleteMessageAsync(m))));
        await Task.WhenAll(plan.Deferred.Select(d => partition.SettleAsync(d.Message, () => _store.ReleaseMessageAsync(d.Message, d.Delay))));
    }

    private async Task ReleaseAllAsync(PartitionState partition, IEnumerable<ReceivedMessage> messages, Func<ReceivedMessage, TimeSpan> delay)
    {
        try
        {
            await Task.WhenAll(messages.Select(m => partition.SettleAsync(m, () => _store.ReleaseMessageAsync(m, delay(m)))));
        }
        catch (Exception ex)
        {
            // The messages become visible again when their visibility timeout runs out.
            LogReleaseFailed(ex);
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
