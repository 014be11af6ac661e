using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Durable.Storage.AzureStorage;

/// <summary>Where and how the task hub lives in Azure Storage (Azurite locally).</summary>
public sealed class AzureStorageOptions
{
    /// <summary>A storage connection string; <c>UseDevelopmentStorage=true</c> means Azurite on its default ports.</summary>
    [Required]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The task hub: letters and digits, 3–45 characters, starting with a letter. <value>Default: K8sAiops.</value></summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "The task hub name must be 3 to 45 letters or digits and start with a letter.")]
    public string TaskHubName { get; set; } = "K8sAiops";

    /// <summary>Control-queue partitions: the most hosts that can share orchestration work. <value>Default: 4 (1–16).</value></summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>How long a partition lease lasts without renewal (blob leases allow 15–60 s). <value>Default: 30 s.</value></summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and load is rebalanced. <value>Default: 10 s.</value></summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);
}
