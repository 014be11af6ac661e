using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Worker;

public sealed partial class DurableTaskWorker
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} started on task hub {TaskHub} ({PartitionCount} partitions)")]
    private partial void LogStarted(string workerId, string taskHub, int partitionCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} stopped")]
    private partial void LogStopped(string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} acquired by {WorkerId}")]
    private partial void LogPartitionAcquired(int partition, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition} lost by {WorkerId}")]
    private partial void LogPartitionLost(int partition, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition} handed over by {WorkerId} to balance load")]
    private partial void LogPartitionReleasing(int partition, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ownership of partition {Partition} by {WorkerId} was not confirmed in time (lease refresh late or failing); its episodes stop before another host can take it")]
    private partial void LogOwnershipLapsed(int partition, string workerId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Another host now runs with worker id {WorkerId}; this host stops taking work. Give each host its own Durable:Worker:WorkerId")]
    private partial void LogIdentityTaken(Exception exception, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Episode of {InstanceId} abandoned: partition {Partition} is no longer this host's; its messages are released for the next owner")]
    private partial void LogEpisodeAbandoned(string instanceId, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing held messages of partition {Partition} failed; they may be delivered again (duplicates are dropped)")]
    private partial void LogRenewalFailed(Exception exception, int partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Partition management failed; retrying")]
    private partial void LogPartitionManagerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling queue of partition {Partition} failed (-1: work items); retrying")]
    private partial void LogPollFailed(Exception exception, int partition);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Episode of {InstanceId}: {RuntimeStatus}, {ActionCount} new actions, {MessageCount} messages")]
    private partial void LogEpisode(string instanceId, OrchestrationRuntimeStatus runtimeStatus, int actionCount, int messageCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of {InstanceId} was changed by another host; {WorkerId} abandons its episode")]
    private partial void LogHistoryConflict(string instanceId, string workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Episode of {InstanceId} failed; its messages will be retried")]
    private partial void LogEpisodeFailed(Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {EventType} for {InstanceId} (duplicate, stale or for another execution)")]
    private partial void LogDroppedEvent(string instanceId, string eventType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped duplicate start of {InstanceId} (execution {ExecutionId})")]
    private partial void LogDuplicateStart(string instanceId, string executionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped start of {InstanceId} (execution {ExecutionId}): another start holds the instance row")]
    private partial void LogSupersededStart(string instanceId, string executionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance row of {InstanceId} repaired from history: {RuntimeStatus}")]
    private partial void LogInstanceRepaired(string instanceId, OrchestrationRuntimeStatus runtimeStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance row of {InstanceId} not written ({RuntimeStatus} at checkpoint {Checkpoint}): a newer one is stored; this host's episode was superseded")]
    private partial void LogStaleInstanceWrite(string instanceId, OrchestrationRuntimeStatus runtimeStatus, long checkpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing messages failed; they reappear when their visibility timeout ends")]
    private partial void LogReleaseFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching an activity for {InstanceId} failed; the work item will be retried")]
    private partial void LogActivityDispatchFailed(Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Activity} of {InstanceId} failed")]
    private partial void LogActivityFailed(Exception exception, string activity, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable:Worker:VisibilityTimeout {Visibility} is longer than the partition lease {Lease}: after a host is killed, its messages stay hidden for up to {Visibility}")]
    private partial void LogSlowRecovery(TimeSpan visibility, TimeSpan lease);
}
