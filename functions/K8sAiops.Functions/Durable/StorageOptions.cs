using System.Text.Json.Serialization;
using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Functions.Durable;

/// <summary>Where the task hub is stored: the <c>AzureWebJobsStorage</c> setting, as in Azure Functions.</summary>
public sealed class StorageOptions
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    /// <summary>The special connection value that keeps the task hub in process memory (tests, one-shot CLI runs).</summary>
    public const string InMemory = "InMemory";

    /// <summary>
    /// An Azure Storage connection string; <c>UseDevelopmentStorage=true</c> is Azurite on its default
    /// ports; <c>InMemory</c> keeps everything in this process and loses it on exit.
    /// <value>Default: UseDevelopmentStorage=true.</value>
    /// </summary>
    [Required(ErrorMessage = "Set it to a storage connection string, UseDevelopmentStorage=true (Azurite) or InMemory.")]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    public StorageKind Kind => string.Equals(ConnectionString.Trim(), InMemory, StringComparison.OrdinalIgnoreCase)
        ? StorageKind.InMemory
        : StorageKind.AzureStorage;
}

[JsonConverter(typeof(JsonStringEnumConverter<StorageKind>))]
public enum StorageKind
{
    AzureStorage,
    InMemory,
}
