using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>An answer a receiver gives instead of its usual one (to inject failures), or as its platform's error.</summary>
public sealed record ChatFault(int StatusCode, string Body, string ContentType = "application/json", int? RetryAfterSeconds = null)
{
    public static ChatFault Json(string body, int statusCode = 200) => new(statusCode, body);

    /// <summary>HTTP 429 with <c>Retry-After: {seconds}</c>.</summary>
    public static ChatFault TooManyRequests(int retryAfterSeconds = 1) => new(429, "rate_limited", "text/plain; charset=utf-8", retryAfterSeconds);

    public static ChatFault ServerError(int statusCode = 503) => new(statusCode, "unavailable", "text/plain; charset=utf-8");

    internal LoopbackResponse ToResponse()
        => new(StatusCode, Body, ContentType, RetryAfterSeconds is { } s ? new Dictionary<string, string> { ["Retry-After"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);
}

/// <summary>One post a receiver saw, with what it made of it.</summary>
/// <param name="Accepted">True when the receiver answered it as a success.</param>
/// <param name="Error">Why it was rejected (a shape, limit or signature failure, or an injected fault).</param>
/// <param name="Payload">The parsed body (undefined when it was not JSON).</param>
/// <param name="ApproveUrl">The Approve button's (or link's) URL, when the card had one.</param>
/// <param name="Links">Every URL the platform would make clickable: buttons and Markdown/mrkdwn links.</param>
/// <param name="Mentions">Mention markup the platform would act on (<c>&lt;!channel&gt;</c>, <c>&lt;at …&gt;</c>); should be empty.</param>
/// <param name="Text">The visible text, all fields joined with newlines.</param>
public sealed record ReceivedChatMessage(
    int Number,
    bool Accepted,
    string? Error,
    string Body,
    JsonElement Payload,
    IReadOnlyDictionary<string, string> Headers,
    string Query,
    Uri? ApproveUrl,
    Uri? RejectUrl,
    IReadOnlyList<Uri> Links,
    IReadOnlyList<string> Mentions,
    string Text);

/// <summary>What a receiver's check found in one payload.</summary>
public sealed class PayloadCheck
{
    internal PayloadCheck(LoopbackRequest request, JsonElement payload)
    {
        Request = request;
        Payload = payload;
    }

    public LoopbackRequest Request { get; }

    public JsonElement Payload { get; }

    public string? Error { get; private set; }

    /// <summary>The platform's answer to the error (null: the receiver's default rejection).</summary>
    public ChatFault? Answer { get; private set; }

    public Uri? ApproveUrl { get; set; }

    public Uri? RejectUrl { get; set; }

    public List<Uri> Links { get; } = [];

    public List<string> Mentions { get; } = [];

    public StringBuilder Text { get; } = new();

    /// <summary>Records the first failure (later ones are ignored).</summary>
    public void Fail(string error, ChatFault? answer = null)
    {
        if (Error is null)
        {
            Error = error;
            Answer = answer;
        }
    }

    public void Require(bool condition, string error, ChatFault? answer = null)
    {
        if (!condition)
            Fail(error, answer);
    }

    /// <summary>Adds a button: its URL is a link, and Approve/Reject are remembered by their label.</summary>
    public void Button(string? label, string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Fail($"button '{label}' has no absolute http(s) URL: '{url}'");
            return;
        }
        Links.Add(uri);
        if (label == "Approve")
            ApproveUrl ??= uri;
        else if (label == "Reject")
            RejectUrl ??= uri;
    }

    public void AddText(string? text)
    {
        if (!string.IsNullOrEmpty(text))
            Text.Append(text).Append('\n');
    }
}

/// <summary>
/// A loopback stand-in for one chat platform's incoming webhook: it accepts posts at <see cref="Url"/>, checks the
/// payload against the platform's documented shape, limits and signature, answers the way the platform does, and
/// records every post. Failures can be scripted (<see cref="FailNext"/>, <see cref="ThrottleNext"/>).
/// </summary>
public abstract class ChatReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpServer server;
    private readonly ConcurrentQueue<ChatFault> faults = new();
    private readonly ConcurrentQueue<ReceivedChatMessage> received = new();
    private readonly string path;

    protected ChatReceiver(string path, string? secret, TimeProvider? time)
    {
        this.path = path.TrimStart('/');
        Secret = secret;
        Time = time ?? TimeProvider.System;
        server = LoopbackHttpServer.Start(Handle);
    }

    /// <summary>The webhook URL to configure (what the platform would hand out).</summary>
    public virtual Uri Url => new(server.BaseAddress, path);

    /// <summary>The signing secret the receiver verifies with; null checks no signature.</summary>
    public string? Secret { get; }

    /// <summary>The clock signature timestamps are checked against.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Posts answered as a success, in arrival order.</summary>
    public IReadOnlyList<ReceivedChatMessage> Messages => [.. received.Where(m => m.Accepted).OrderBy(m => m.Number)];

    /// <summary>Posts answered with an error (injected or found), in arrival order.</summary>
    public IReadOnlyList<ReceivedChatMessage> Rejected => [.. received.Where(m => !m.Accepted).OrderBy(m => m.Number)];

    /// <summary>Every post, in arrival order.</summary>
    public IReadOnlyList<ReceivedChatMessage> All => [.. received.OrderBy(m => m.Number)];

    /// <summary>How many requests arrived.</summary>
    public int PostCount => server.RequestCount;

    /// <summary>The next <paramref name="count"/> posts get <paramref name="fault"/> instead of being checked.</summary>
    public void FailNext(int count, ChatFault fault)
    {
        for (var i = 0; i < count; i++)
            faults.Enqueue(fault);
    }

    /// <summary>The next <paramref name="count"/> posts get the platform's "too fast" answer (an errcode in a 200, or a 429).</summary>
    public void ThrottleNext(int count) => FailNext(count, Throttled);

    /// <summary>Waits (real time) until <paramref name="count"/> posts were answered as a success.</summary>
    public async Task WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (Messages.Count < count)
        {
            try
            {
                await Task.Delay(10, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} accepted message(s) at {Url}, saw {Messages.Count} ({Rejected.Count} rejected: {string.Join("; ", Rejected.Select(r => r.Error))}).");
            }
        }
    }

    /// <summary>The platform's throttling answer.</summary>
    protected abstract ChatFault Throttled { get; }

    /// <summary>The platform's success answer.</summary>
    protected abstract ChatFault Success { get; }

    /// <summary>The platform's answer to a malformed payload (when the check gave none).</summary>
    protected abstract ChatFault BadPayload { get; }

    /// <summary>Checks shape, limits and signature, and collects links, mentions and text.</summary>
    protected abstract void Check(PayloadCheck check);

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return server.DisposeAsync();
    }

    private LoopbackResponse Handle(LoopbackRequest request)
    {
        JsonElement payload = default;
        string? error = null;
        ChatFault answer;
        PayloadCheck? check = null;
        try
        {
            using var json = JsonDocument.Parse(request.Body);
            payload = json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
        }

        if (faults.TryDequeue(out var fault))
        {
            error = $"injected fault: {fault.StatusCode} {fault.Body}";
            answer = fault;
        }
        else if (request.Method != "POST" || request.Path != "/" + path.Split('?')[0])
        {
            error = $"{request.Method} {request.Path} is not the webhook";
            answer = new ChatFault(404, "not found", "text/plain; charset=utf-8");
        }
        else if (!request.Headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                 || !type.Contains("charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            error = $"Content-Type is '{type}', not application/json; charset=utf-8";
            answer = BadPayload;
        }
        else if (error is not null)
        {
            answer = BadPayload;
        }
        else
        {
            check = new PayloadCheck(request, payload);
            try
            {
                Check(check);
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                check.Fail($"unexpected shape: {e.Message}");
            }
            error = check.Error;
            answer = error is null ? Success : check.Answer ?? BadPayload;
        }

        received.Enqueue(new ReceivedChatMessage(
            request.Number, error is null, error, request.Body, payload, request.Headers, request.Query,
            check?.ApproveUrl, check?.RejectUrl, check?.Links ?? [], check?.Mentions ?? [], check?.Text.ToString() ?? ""));
        return answer.ToResponse();
    }

    /// <summary>The string property, or null when missing or not a string.</summary>
    protected static string? Str(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The property, or an undefined element.</summary>
    protected static JsonElement Prop(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    protected static IEnumerable<JsonElement> Items(JsonElement array)
        => array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    protected static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
