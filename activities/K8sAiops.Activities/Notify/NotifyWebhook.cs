using System.Net.Http.Json;
using K8sAiops.Activities.Analyze;
using K8sAiops.Durable;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Notify;

/// <summary>The input of <see cref="NotifyWebhook"/>: what the on-call person needs, and where to read more.</summary>
public sealed record DiagnosisNotification(string InstanceId, AlertInfo? Alert, Diagnosis Diagnosis, string? ReportUrl, string? StatusUrl);

/// <summary>What happened to a notification.</summary>
public sealed record NotificationResult(string Channel, bool Sent, string Detail);

/// <summary>
/// Activity: posts the diagnosis to the generic JSON webhook channel (chat platforms come later). The body carries
/// an <c>idempotencyKey</c> (instance and task) so a receiver can drop the duplicate a re-delivered activity sends.
/// A failed post fails the activity, so the orchestration's retry policy decides what happens.
/// </summary>
public sealed class NotifyWebhook(IHttpClientFactory clients, IOptions<WebhookNotifyOptions> options) : TaskActivity<DiagnosisNotification, NotificationResult>
{
    /// <summary>The named HttpClient the activity posts with (register it with a resilience handler).</summary>
    public const string HttpClientName = "notify-webhook";

    public override async Task<NotificationResult> RunAsync(TaskActivityContext context, DiagnosisNotification input)
    {
        if (options.Value.Url is not { } url)
            return new NotificationResult("webhook", false, "Notify:Webhook:Url is not set; the channel is off.");

        var root = input.Diagnosis.RootCause;
        var body = new
        {
            idempotencyKey = context.IdempotencyKey,
            instanceId = input.InstanceId,
            alert = input.Alert?.AlertName,
            status = input.Alert?.Status,
            category = root.Category,
            culprit = root.Resource,
            summary = root.Summary,
            confidence = root.Confidence,
            actions = input.Diagnosis.Actions,
            reportUrl = input.ReportUrl,
            statusUrl = input.StatusUrl,
            diagnosis = input.Diagnosis,
        };
        var http = clients.CreateClient(HttpClientName);
        using var response = await http.PostAsJsonAsync(url, body, ShutdownToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The notification webhook {url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }
        return new NotificationResult("webhook", true, $"{(int)response.StatusCode} from {url.GetLeftPart(UriPartial.Path)}");
    }
}
