using System.Runtime.CompilerServices;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Client;

/// <summary>
/// Starts, queries and controls orchestration instances (durabletask-dotnet's DurableTaskClient).
/// Every request is a row read or a message: the instance's owner host applies it in order.
/// </summary>
public sealed class DurableTaskClient(IOrchestrationStore store, TimeProvider timeProvider)
{
    private static readonly OrchestrationRuntimeStatus[] DefaultReplaceable =
    [
        OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Canceled,
    ];

    public IOrchestrationStore Store => store;

    /// <summary>Raised after this client sent messages, so a worker in the same process can poll at once.</summary>
    public event Action<IReadOnlyList<OutboundMessage>>? MessagesSent;

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.ThrowIfInvalid(instanceId);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var executionId = Guid.NewGuid().ToString("N");
        var serializedInput = DataConverter.Serialize(input);
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = orchestratorName.Name,
            ExecutionId = executionId,
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            Input = serializedInput,
            CreatedTime = now,
            LastUpdatedTime = now,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
        };

        var started = new ExecutionStarted
        {
            InstanceId = instanceId,
            ExecutionId = executionId,
            Name = orchestratorName.Name,
            Input = serializedInput,
            Timestamp = now,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
        };

        // The start message goes first, the row second: a row is never written without its start message, so no
        // failure in between can leave an instance Pending forever. The worker runs a start only once the row names
        // its execution (or, if the row never comes, after a while on its own), and drops starts that lost the row.
        OutboundMessage[] start = [new OutboundMessage(new TaskMessage(instanceId, executionId, started), options?.StartAt?.UtcDateTime)];
        await store.SendAsync(start, cancellationToken);

        // Once the start is sent, finish the row even if the caller goes away.
        var replaceable = options?.DedupeStatuses ?? DefaultReplaceable;
        if (await store.TryCreateInstanceAsync(record, replaceable, CancellationToken.None) == CreateInstanceResult.AlreadyExists)
        {
            var existing = await store.GetInstanceAsync(instanceId, fetchPayloads: false, CancellationToken.None);
            if (existing?.ExecutionId != executionId)
            {
                throw new OrchestrationAlreadyExistsException(instanceId, existing?.RuntimeStatus ?? OrchestrationRuntimeStatus.Pending);
            }

            // A worker took the start before the row was written, and wrote the row itself: this start won.
        }

        MessagesSent?.Invoke(start);
        return instanceId;
    }

    /// <summary>Sends an event; throws <see cref="OrchestrationNotFoundException"/> or <see cref="OrchestrationFinishedException"/>.</summary>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await RequireActiveAsync(instanceId, cancellationToken);
        var raised = new EventRaised { Name = eventName, Input = DataConverter.Serialize(eventPayload), DeliveryId = NewDeliveryId(), Timestamp = Now };
        await SendAsync(new OutboundMessage(new TaskMessage(instanceId, null, raised)), cancellationToken);
    }

    /// <summary>Raises an event whose payload is already JSON (the HTTP API passes the body through).</summary>
    public async Task RaiseEventRawAsync(string instanceId, string eventName, string? serializedPayload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await RequireActiveAsync(instanceId, cancellationToken);
        var raised = new EventRaised { Name = eventName, Input = serializedPayload, DeliveryId = NewDeliveryId(), Timestamp = Now };
        await SendAsync(new OutboundMessage(new TaskMessage(instanceId, null, raised)), cancellationToken);
    }

    public async Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default)
    {
        await RequireActiveAsync(instanceId, cancellationToken);
        var terminated = new ExecutionTerminated { Input = DataConverter.Serialize(output), Timestamp = Now };
        await SendAsync(new OutboundMessage(new TaskMessage(instanceId, null, terminated)), cancellationToken);
    }

    public async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireActiveAsync(instanceId, cancellationToken);
        var suspended = new ExecutionSuspended { Reason = reason, Timestamp = Now };
        await SendAsync(new OutboundMessage(new TaskMessage(instanceId, null, suspended)), cancellationToken);
    }

    public async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireActiveAsync(instanceId, cancellationToken);
        var resumed = new ExecutionResumed { Reason = reason, Timestamp = Now };
        await SendAsync(new OutboundMessage(new TaskMessage(instanceId, null, resumed)), cancellationToken);
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var record = await store.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
        return record is null ? null : ToMetadata(record, getInputsAndOutputs);
    }

    /// <summary>The instance's history, oldest first (for the management API's showHistory).</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
        => (await store.LoadHistoryAsync(instanceId, cancellationToken)).Events;

    public async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
        => await PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellationToken);

    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
        => await PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellationToken);

    public async Task<OrchestrationPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        var page = await store.QueryInstancesAsync(
            new InstanceQuery
            {
                RuntimeStatus = query.Statuses,
                CreatedTimeFrom = query.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = query.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = query.InstanceIdPrefix,
                PageSize = query.PageSize,
                ContinuationToken = query.ContinuationToken,
                FetchInputsAndOutputs = query.FetchInputsAndOutputs,
            },
            cancellationToken);
        return new OrchestrationPage([.. page.Instances.Select(r => ToMetadata(r, query.FetchInputsAndOutputs))], page.ContinuationToken);
    }

    public async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        while (true)
        {
            var page = await QueryInstancesAsync(query, cancellationToken);
            foreach (var item in page.Values)
            {
                yield return item;
            }

            if (page.ContinuationToken is null)
            {
                yield break;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    /// <summary>Deletes a finished instance's row, history and blobs. A running one is not purged (0).</summary>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var record = await store.GetInstanceAsync(instanceId, fetchPayloads: false, cancellationToken);
        if (record is null || !record.RuntimeStatus.IsTerminal())
        {
            return new PurgeResult(0);
        }

        return new PurgeResult(await store.PurgeInstanceAsync(instanceId, cancellationToken) ? 1 : 0);
    }

    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        var terminal = (filter.Statuses ?? DefaultReplaceable).Where(s => s.IsTerminal()).ToArray();
        if (terminal.Length == 0)
        {
            // Only finished instances are ever purged: a filter naming none of their statuses matches nothing.
            return new PurgeResult(0);
        }

        var query = new OrchestrationQuery { CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, Statuses = terminal, PageSize = 500 };
        var ids = new List<string>();
        await foreach (var instance in GetAllInstancesAsync(query, cancellationToken))
        {
            ids.Add(instance.InstanceId);
        }

        var purged = 0;
        foreach (var id in ids)
        {
            purged += (await PurgeInstanceAsync(id, cancellationToken)).PurgedInstanceCount;
        }

        return new PurgeResult(purged);
    }

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    /// <summary>One id per raised event: a re-delivered copy of the message carries it, and is dropped against history.</summary>
    private static string NewDeliveryId() => Guid.NewGuid().ToString("N");

    private async Task RequireActiveAsync(string instanceId, CancellationToken cancellationToken)
    {
        InstanceIds.ThrowIfInvalid(instanceId);
        var record = await store.GetInstanceAsync(instanceId, fetchPayloads: false, cancellationToken)
            ?? throw new OrchestrationNotFoundException(instanceId);
        if (record.RuntimeStatus.IsTerminal())
        {
            throw new OrchestrationFinishedException(instanceId, record.RuntimeStatus);
        }
    }

    private async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        OutboundMessage[] batch = [message];
        await store.SendAsync(batch, cancellationToken);
        MessagesSent?.Invoke(batch);
    }

    private async Task<OrchestrationMetadata> PollAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 500));
        }
    }

    internal static OrchestrationMetadata ToMetadata(InstanceRecord record, bool withPayloads) => new(record.Name, record.InstanceId)
    {
        RuntimeStatus = record.RuntimeStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(record.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(record.LastUpdatedTime, DateTimeKind.Utc)),
        CompletedAt = record.CompletedTime is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null,
        SerializedInput = withPayloads ? record.Input : null,
        SerializedOutput = withPayloads ? record.Output : null,
        SerializedCustomStatus = record.CustomStatus,
        FailureDetails = record.FailureDetails,
        ExecutionId = record.ExecutionId,
    };
}
