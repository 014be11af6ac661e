using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

/// <summary>
/// Partition ownership. The lease loop does nothing but refresh leases and start or end partitions, on its own
/// timer: a handover waits for its episodes elsewhere. Each refresh confirms ownership for the lease duration less
/// a margin, counted from before the refresh began; a partition not confirmed again by then ends by itself, so its
/// sessions stop before another worker can acquire the lease.
/// </summary>
public sealed partial class DurableTaskWorker
{
    /// <summary>How long a handover waits for its partition's running episodes before it cancels them.</summary>
    private static readonly TimeSpan HandoverDrainLimit = TimeSpan.FromSeconds(30);

    private async Task ManagePartitionsAsync(CancellationToken stopping)
    {
        var manager = _partitionManager!;
        while (!stopping.IsCancellationRequested)
        {
            var refreshStarted = _time.GetTimestamp();
            try
            {
                var owned = await manager.RefreshAsync(stopping);
                var confirmedFor = OwnershipAfterRefresh(manager.LeaseDuration, refreshStarted);
                foreach (var partition in owned)
                {
                    var state = _partitions.TryGetValue(partition, out var existing) ? existing : StartPartition(partition, stopping);
                    state.ExtendOwnership(confirmedFor);
                }

                foreach (var (partition, state) in _partitions)
                {
                    if (!owned.Contains(partition))
                    {
                        LogPartitionLost(partition, _options.WorkerId);
                        await EndOwnershipAsync(state);
                    }
                    else if (manager.PartitionsToRelease.Contains(partition) && !state.Draining)
                    {
                        state.Draining = true;
                        LogPartitionReleasing(partition, _options.WorkerId);
                        _ = Track(() => HandOverAsync(state, manager));
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (DuplicateWorkerIdException ex)
            {
                // Another host took this worker's id (and with it, its lease ids): working on would mean two owners.
                LogIdentityTaken(ex, _options.WorkerId);
                foreach (var state in _partitions.Values)
                {
                    await EndOwnershipAsync(state);
                }

                await _stopping!.CancelAsync();
                return;
            }
            catch (Exception ex)
            {
                LogPartitionManagerFailed(ex);
            }

            try
            {
                await Task.Delay(manager.RefreshInterval, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The lease duration less a fifth, from before the refresh that renewed the lease began.</summary>
    private TimeSpan OwnershipAfterRefresh(TimeSpan leaseDuration, long refreshStarted)
        => leaseDuration == Timeout.InfiniteTimeSpan
            ? Timeout.InfiniteTimeSpan
            : leaseDuration - (leaseDuration / 5) - _time.GetElapsedTime(refreshStarted);

    private PartitionState StartPartition(int partition, CancellationToken stopping)
    {
        var state = new PartitionState(partition, _time, OnOwnershipLapsed, stopping);
        if (!_partitions.TryAdd(partition, state))
        {
            state.Dispose();
            return _partitions[partition];
        }

        state.Loop = Task.Run(() => PollControlQueueAsync(state), CancellationToken.None);
        _ = Task.Run(() => RenewHeldMessagesAsync(state), CancellationToken.None); // ends with ownership
        LogPartitionAcquired(partition, _options.WorkerId);
        return state;
    }

    /// <summary>The partition's ownership was not confirmed in time (storage slow or unreachable): stop it now.</summary>
    private void OnOwnershipLapsed(PartitionState state)
    {
        LogOwnershipLapsed(state.Partition, _options.WorkerId);
        _ = EndOwnershipAsync(state);
    }

    private async Task EndOwnershipAsync(PartitionState state)
    {
        await state.EndOwnershipAsync();
        _partitions.TryRemove(new KeyValuePair<int, PartitionState>(state.Partition, state));
        state.Dispose();
    }

    /// <summary>
    /// Hands a partition over to balance load: takes no more messages, lets the running episodes finish (bounded),
    /// cancels what is left, and only then gives up the lease. The lease loop keeps renewing it meanwhile.
    /// </summary>
    private async Task HandOverAsync(PartitionState state, IPartitionManager manager)
    {
        await state.Polling.CancelAsync();
        if (state.Loop is not null)
        {
            await WhenAllQuietly([state.Loop], CancellationToken.None);
        }

        var deadline = _time.GetTimestamp();
        while (state.Sessions.Sessions.Any(s => s.IsRunning) && !state.Owned.IsCancellationRequested && _time.GetElapsedTime(deadline) < HandoverDrainLimit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None);
        }

        await state.EndOwnershipAsync();
        try
        {
            await manager.ReleaseAsync(state.Partition, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogPartitionManagerFailed(ex);
        }

        _partitions.TryRemove(new KeyValuePair<int, PartitionState>(state.Partition, state));
        state.Dispose();
    }

    /// <summary>
    /// Keeps the partition's received messages hidden while they wait or run: each one held for half the visibility
    /// timeout is hidden for another. A message of a killed host thus reappears within one visibility timeout, and
    /// one that waits here behind the concurrency limit is never delivered twice. Stops when ownership ends.
    /// </summary>
    private async Task RenewHeldMessagesAsync(PartitionState state)
    {
        var visibility = _options.VisibilityTimeout;
        var period = TimeSpan.FromTicks(Math.Max(visibility.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
        var owned = state.Owned.Token;
        try
        {
            while (true)
            {
                await Task.Delay(period, _time, owned);
                var due = state.DueForRenewal(_time, visibility / 2).ToList();
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = owned }, async (held, ct) =>
                {
                    await held.Gate.WaitAsync(ct);
                    try
                    {
                        if (!held.Settled)
                        {
                            // Never cancelled mid-request, or the new pop receipt could be lost (see KeepInvisibleAsync).
                            await _store.RenewMessageAsync(held.Message, visibility, CancellationToken.None);
                            held.RenewedAt = _time.GetTimestamp();
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogRenewalFailed(ex, state.Partition);
                    }
                    finally
                    {
                        held.Gate.Release();
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
            // Ownership ended: the messages are another owner's now.
        }
    }
}
