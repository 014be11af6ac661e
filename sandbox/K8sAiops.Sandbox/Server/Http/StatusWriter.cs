using System.Text.Json;
using K8sAiops.Sandbox.Server.Errors;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>Writes <c>v1 Status</c> bodies in the API server's field order.</summary>
internal static class StatusWriter
{
    public static void WriteFailure(Utf8JsonWriter json, ApiStatus status)
    {
        json.WriteStartObject();
        json.WriteString("kind", "Status");
        json.WriteString("apiVersion", "v1");
        json.WriteStartObject("metadata");
        if (status.Continue is { } token)
        {
            json.WriteString("continue", token);
        }

        json.WriteEndObject();
        json.WriteString("status", "Failure");
        json.WriteString("message", status.Message);
        json.WriteString("reason", status.Reason);
        if (status.Details is { } details)
        {
            WriteDetails(json, details);
        }

        json.WriteNumber("code", status.Code);
        json.WriteEndObject();
    }

    /// <summary>The body of a successful delete of a kind that does not return the deleted object.</summary>
    public static void WriteSuccess(Utf8JsonWriter json, StatusDetails details)
    {
        json.WriteStartObject();
        json.WriteString("kind", "Status");
        json.WriteString("apiVersion", "v1");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteString("status", "Success");
        WriteDetails(json, details);
        json.WriteEndObject();
    }

    private static void WriteDetails(Utf8JsonWriter json, StatusDetails details)
    {
        json.WriteStartObject("details");
        WriteIfAny(json, "name", details.Name);
        WriteIfAny(json, "group", details.Group);
        WriteIfAny(json, "kind", details.Kind);
        WriteIfAny(json, "uid", details.Uid);
        if (details.Causes is { Count: > 0 } causes)
        {
            json.WriteStartArray("causes");
            foreach (var cause in causes)
            {
                json.WriteStartObject();
                WriteIfAny(json, "reason", cause.Reason);
                WriteIfAny(json, "message", cause.Message);
                WriteIfAny(json, "field", cause.Field);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (details.RetryAfterSeconds > 0)
        {
            json.WriteNumber("retryAfterSeconds", details.RetryAfterSeconds);
        }

        json.WriteEndObject();
    }

    private static void WriteIfAny(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
