using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>
/// The generic JSON webhook: the card's fields, the approval links and the whole diagnosis, never cut. With a secret it
/// is signed the Standard Webhooks way (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>); the id
/// is stable per card and channel, so a receiver can drop a repeat.
/// </summary>
public sealed class WebhookRenderer : IChannelRenderer
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public string Kind => ChannelKinds.Webhook;

    public ChannelPost Render(RenderRequest request)
    {
        var message = request.Message;
        var root = message.Diagnosis?.RootCause;
        var body = new JsonObject
        {
            ["type"] = $"k8saiops.{message.Kind}",
            ["timestamp"] = request.Now.ToString("O", CultureInfo.InvariantCulture),
            ["idempotencyKey"] = request.IdempotencyKey,
            ["kind"] = message.Kind,
            ["instanceId"] = message.InstanceId,
            ["channel"] = request.Channel.Name,
            ["title"] = message.Title,
            ["summary"] = message.Summary,
            ["severity"] = message.Severity,
            ["namespace"] = message.Namespace,
            ["facts"] = JsonSerializer.SerializeToNode(message.Facts, Web),
            ["lines"] = JsonSerializer.SerializeToNode(message.Lines, Web),
            ["links"] = request.Links is { } links
                ? new JsonObject { ["approve"] = links.Approve.AbsoluteUri, ["reject"] = links.Reject.AbsoluteUri, ["page"] = links.Page.AbsoluteUri }
                : null,
            ["reportUrl"] = message.ReportUrl?.AbsoluteUri ?? message.ReportLocation,
            ["statusUrl"] = message.StatusUrl?.AbsoluteUri,
            ["category"] = root?.Category,
            ["culprit"] = root?.Resource is { } culprit ? JsonSerializer.SerializeToNode(culprit, Web) : null,
            ["diagnosis"] = message.Diagnosis is { } diagnosis ? JsonSerializer.SerializeToNode(diagnosis, Web) : null,
        };
        var json = ChatText.Serialize(body);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (request.Channel.Secret is { } secret)
        {
            var id = "msg_" + ChannelSigning.StableId(request.IdempotencyKey, request.Channel.Name);
            var timestamp = request.Now.ToUnixTimeSeconds();
            headers["webhook-id"] = id;
            headers["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            headers["webhook-signature"] = ChannelSigning.StandardWebhook(secret, id, timestamp, json);
        }
        return new ChannelPost(request.Channel.Url, json, headers);
    }
}
