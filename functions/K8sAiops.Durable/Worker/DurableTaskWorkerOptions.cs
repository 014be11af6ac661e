using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Durable.Worker;

/// <summary>How a worker takes and runs work. Defaults follow DurableTask.AzureStorage unless noted.</summary>
public sealed class DurableTaskWorkerOptions
{
    /// <summary>Identifies this host in leases and logs. <value>Default: machine name and process id.</value></summary>
    [Required]
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Activities run at once by this host. <value>Default: 32.</value></summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 32;

    /// <summary>Orchestration episodes run at once by this host. <value>Default: 32.</value></summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 32;

    /// <summary>Messages taken from a control queue per receive (Azure Queues allow 32). <value>Default: 32.</value></summary>
    [Range(1, 32)]
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>
    /// How long a received message stays hidden before another host may take it. The worker renews it while it holds
    /// the message or runs its activity, so this bounds only how long a killed host's messages stay hidden.
    /// <value>Default: 10 s (DurableTask.AzureStorage: 5 minutes); keep it at most the partition lease duration.</value>
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest wait between polls of an empty queue. <value>Default: 1 second (DurableTask.AzureStorage: 30 s);
    /// messages sent by this host wake its own pollers at once.</value>
    /// </summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timers further away than this are chained through several messages (queue visibility is capped at 7 days). <value>Default: 3 days.</value></summary>
    public TimeSpan MaxTimerInterval { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Received but unprocessed messages per partition before the host stops taking more. <value>Default: 2000.</value></summary>
    [Range(32, 100_000)]
    public int MaxPendingMessagesPerPartition { get; set; } = 2000;

    /// <summary>Histories kept in memory between episodes, saving a history read per episode. <value>Default: 2000.</value></summary>
    [Range(0, 1_000_000)]
    public int MaxCachedInstances { get; set; } = 2000;

    /// <summary>How many times an event for an instance that has not started yet is put back before it is dropped. <value>Default: 20.</value></summary>
    [Range(0, 1000)]
    public int MaxDeferrals { get; set; } = 20;

    /// <summary>Test hook: called at each checkpoint step (crash tests kill the process here).</summary>
    public Func<CheckpointInfo, Task>? OnCheckpointStep { get; set; }
}

/// <summary>Where a checkpoint is, for the test hook: which instance, which history range, what status.</summary>
public sealed record CheckpointInfo(
    CheckpointStep Step, string WorkerId, string InstanceId, string? ExecutionId, int HistoryIndex, int EventCount, OrchestrationRuntimeStatus? Status);

/// <summary>The points of a checkpoint at which a host may die; the runtime must recover from each.</summary>
public enum CheckpointStep
{
    /// <summary>Outbound messages sent, history not yet written.</summary>
    MessagesSent,

    /// <summary>History written, instance row not yet written.</summary>
    HistoryWritten,

    /// <summary>Instance row written, consumed messages not yet deleted.</summary>
    InstanceWritten,

    /// <summary>An activity's result sent, its work item not yet deleted.</summary>
    ActivityResultSent,
}
