using System.Text.Json;
using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Storage;

/// <summary>JSON forms of messages and history events, shared by both stores.</summary>
public static class MessageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Serialize(TaskMessage message) => JsonSerializer.Serialize(message, Options);

    public static TaskMessage DeserializeMessage(string json)
        => JsonSerializer.Deserialize<TaskMessage>(json, Options) ?? throw new JsonException("A queue message held 'null'.");

    public static string Serialize(HistoryEvent e) => JsonSerializer.Serialize(e, Options);

    public static HistoryEvent DeserializeEvent(string json)
        => JsonSerializer.Deserialize<HistoryEvent>(json, Options) ?? throw new JsonException("A history row held 'null'.");

    public static string Serialize(TaskFailureDetails details) => JsonSerializer.Serialize(details, Options);

    public static TaskFailureDetails? DeserializeFailure(string? json)
        => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<TaskFailureDetails>(json, Options);
}
