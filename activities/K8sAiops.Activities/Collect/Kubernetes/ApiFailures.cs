using System.Text.Json;
using k8s.Autorest;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// Reads that may fail without failing their caller: collection's sub-collections and the inspection's listings each
/// turn a failure into a note saying what is unavailable and why. Only cancellation of the caller's token is thrown.
/// </summary>
internal static class ApiFailures
{
    /// <summary>Runs <paramref name="work"/>; null when it succeeded, otherwise the failure as <see cref="Describe"/> words it.</summary>
    public static async Task<string?> ReasonAsync(Func<Task> work, CancellationToken cancellation)
    {
        try
        {
            await work();
            return null;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return Describe(e);
        }
    }

    /// <summary>An API failure as a person reads it: the status code and the API server's own message.</summary>
    public static string Describe(Exception e)
    {
        if (e is HttpOperationException http)
        {
            var message = http.Response?.Content is { Length: > 0 } body ? StatusMessage(body) : null;
            var code = http.Response is null ? "" : $"{(int)http.Response.StatusCode} {http.Response.StatusCode}";
            return message is null ? $"{code} {http.Message}".Trim() : $"{code}: {message}".Trim();
        }
        return e.InnerException is null || e.Message.Contains(e.InnerException.Message, StringComparison.Ordinal)
            ? e.Message
            : $"{e.Message} ({e.InnerException.Message})";
    }

    private static string? StatusMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
