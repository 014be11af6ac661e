using System.Text.Json;

namespace K8sAiops.Functions.Alerts;

/// <summary>Reads and checks an Alertmanager webhook body; every problem is named for the 400/413 answer.</summary>
internal static class WebhookReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public sealed record Result(AlertmanagerWebhook? Webhook, int Status, string? Problem);

    public static async Task<Result> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return TooLarge(maxBytes);

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return Parse(buffer.ToArray());
    }

    /// <summary>Parses and checks a webhook body already in memory (a file given to the CLI, say).</summary>
    public static Result Parse(byte[] body)
    {
        if (body.Length == 0)
            return Bad("The body is empty; Alertmanager posts a JSON webhook body (version 4).");

        AlertmanagerWebhook? webhook;
        try
        {
            webhook = JsonSerializer.Deserialize<AlertmanagerWebhook>(body, Json);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $" at {path}" : "";
            var line = e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "";
            return Bad($"The body is not a valid Alertmanager webhook{where}{line}: {FirstSentence(e.Message)}");
        }
        return webhook is null ? Bad("The body is JSON null, not an Alertmanager webhook object.") : Check(webhook);
    }

    private static Result Check(AlertmanagerWebhook webhook)
    {
        if (webhook.GroupKey is null || webhook.Version is null)
            return Bad("'version' and 'groupKey' are required.");
        if (webhook.Version != "4")
            return Bad($"'version' is '{webhook.Version}'; only Alertmanager webhook version 4 is understood.");
        if (string.IsNullOrWhiteSpace(webhook.GroupKey))
            return Bad("'groupKey' is missing or empty.");
        if (webhook.Alerts is null || webhook.Alerts.Count == 0)
            return Bad("'alerts' is missing or empty: there is nothing to diagnose.");
        for (var i = 0; i < webhook.Alerts.Count; i++)
        {
            var alert = webhook.Alerts[i];
            if (alert is null)
                return Bad($"alerts[{i}] is null.");
            if (alert.Labels is null)
                return Bad($"alerts[{i}].labels is missing.");
            if (alert.Status is not ("firing" or "resolved"))
                return Bad($"alerts[{i}].status is '{alert.Status}'; it must be 'firing' or 'resolved'.");
            if (!alert.Labels.ContainsKey("alertname"))
                return Bad($"alerts[{i}].labels has no 'alertname'.");
            if (string.IsNullOrWhiteSpace(alert.Fingerprint))
                return Bad($"alerts[{i}].fingerprint is missing or empty.");
            if (alert.StartsAt == default)
                return Bad($"alerts[{i}].startsAt is missing.");
        }
        return new Result(webhook, StatusCodes.Status200OK, null);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static Result Bad(string problem) => new(null, StatusCodes.Status400BadRequest, problem);

    private static Result TooLarge(long maxBytes) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes (setting Alerts:MaxBodyBytes).");
}
