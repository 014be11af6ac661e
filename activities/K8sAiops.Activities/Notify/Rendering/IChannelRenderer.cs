using K8sAiops.Activities.Approve;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>Turns a <see cref="ChatMessage"/> into one platform's request body (and signature), within its limits.</summary>
public interface IChannelRenderer
{
    /// <summary>The <see cref="ChannelKinds"/> value it renders for.</summary>
    string Kind { get; }

    ChannelPost Render(RenderRequest request);
}

/// <summary>What a renderer needs: the card, the channel, the channel's approval links (when the card asks), a stable id and the time.</summary>
/// <param name="IdempotencyKey">Stable across retries and re-deliveries of the same card to the same channel.</param>
/// <param name="Now">The signing time.</param>
public sealed record RenderRequest(ChatMessage Message, ChatChannel Channel, ApprovalLinks? Links, string IdempotencyKey, DateTimeOffset Now);

/// <summary>One POST: where (the URL may carry a signature), the JSON body and any extra headers.</summary>
public sealed record ChannelPost(Uri Url, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public ChannelPost(Uri url, string body)
        : this(url, body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase))
    {
    }
}
