using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Functions.Durable;

/// <summary>
/// The task hub this host serves (section <c>Durable</c>). Worker tuning lives in <c>Durable:Worker</c>
/// (<see cref="K8sAiops.Durable.Worker.DurableTaskWorkerOptions"/>); the storage connection in <c>AzureWebJobsStorage</c>.
/// </summary>
public sealed class DurableOptions
{
    public const string Section = "Durable";

    /// <summary>
    /// The task hub: hosts with the same storage and hub name share orchestrations and divide the work.
    /// <value>Default: K8sAiops.</value>
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "The task hub name must be 3 to 45 letters or digits and start with a letter.")]
    public string TaskHubName { get; set; } = "K8sAiops";

    /// <summary>Control-queue partitions, the most hosts that can share orchestration work; fixed once a hub exists. <value>Default: 4.</value></summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>How long a partition lease lasts without renewal (Azure Storage only). <value>Default: 30 seconds.</value></summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and partitions rebalanced (Azure Storage only). <value>Default: 10 seconds.</value></summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);
}
