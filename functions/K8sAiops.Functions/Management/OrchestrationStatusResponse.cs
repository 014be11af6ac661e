using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;

namespace K8sAiops.Functions.Management;

/// <summary>An instance's status with Durable Functions' field names; payloads are JSON values, not strings.</summary>
public sealed record OrchestrationStatusResponse(
    string Name,
    string InstanceId,
    OrchestrationRuntimeStatus RuntimeStatus,
    JsonNode? Input,
    JsonNode? CustomStatus,
    JsonNode? Output,
    string CreatedTime,
    string LastUpdatedTime)
{
    /// <summary>Durable Functions writes these times to the second, in UTC.</summary>
    public const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? HistoryEvents { get; init; }

    public static OrchestrationStatusResponse From(OrchestrationMetadata instance, bool showInput) => new(
        instance.Name,
        instance.InstanceId,
        instance.RuntimeStatus,
        showInput ? JsonPayload.Parse(instance.SerializedInput) : null,
        JsonPayload.Parse(instance.SerializedCustomStatus),
        OutputOf(instance),
        instance.CreatedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
        instance.LastUpdatedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));

    /// <summary>A failed instance without an output reports its failure message, as Durable Functions does.</summary>
    private static JsonNode? OutputOf(OrchestrationMetadata instance)
        => instance.SerializedOutput is null && instance is { RuntimeStatus: OrchestrationRuntimeStatus.Failed, FailureDetails: { } failure }
            ? JsonValue.Create($"Orchestrator function '{instance.Name}' failed: {failure.ErrorMessage}")
            : JsonPayload.Parse(instance.SerializedOutput);
}

/// <summary>Turns stored payloads (JSON text) into JSON values for responses.</summary>
internal static class JsonPayload
{
    public static JsonNode? Parse(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            // Not JSON (written by something other than this runtime): show it as the text it is.
            return JsonValue.Create(serialized);
        }
    }
}
