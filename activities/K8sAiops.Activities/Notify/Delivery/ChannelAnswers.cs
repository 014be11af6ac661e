using System.Net;
using System.Text.Json;
using K8sAiops.Activities.Resilience;

namespace K8sAiops.Activities.Notify.Delivery;

/// <summary>How a platform took a post.</summary>
public enum AnswerKind
{
    Accepted,

    /// <summary>Worth another attempt: throttled, 5xx, timed out, no connection.</summary>
    Transient,

    /// <summary>Another attempt would fail the same way (bad payload, bad signature, removed bot).</summary>
    Permanent,
}

/// <param name="Detail">The status and the platform's own error text, e.g. <c>code 19021: sign match fail …</c>.</param>
/// <param name="RetryAfter">The wait the platform asked for (<c>Retry-After</c>), when it did.</param>
public sealed record ChannelAnswer(AnswerKind Kind, string Detail, TimeSpan? RetryAfter = null);

/// <summary>
/// Reads each platform's answer. Most answer HTTP 200 with the error in the body, so the body decides: Slack's
/// <c>ok</c>, Feishu's <c>code</c>, WeCom's and DingTalk's <c>errcode</c>. HTTP 408, 429 and 5xx are transient everywhere.
/// </summary>
public static class ChannelAnswers
{
    /// <summary>Feishu codes that mean "throttled": 11232.</summary>
    public static IReadOnlySet<long> FeishuThrottled { get; } = new HashSet<long> { 11232 };

    /// <summary>WeCom 45009 (over the rate limit) and DingTalk 130101 (sent too fast).</summary>
    public static IReadOnlySet<long> ErrcodeThrottled { get; } = new HashSet<long> { 45009, 130101 };

    private const int MaxDetailChars = 500;

    public static ChannelAnswer Read(string kind, HttpResponseMessage response, string body, DateTimeOffset now)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}";
        var text = Clip(body.Trim());
        if (TransientFailures.IsTransient(response.StatusCode))
            return new ChannelAnswer(AnswerKind.Transient, text.Length > 0 ? $"{status}: {text}" : status, TransientFailures.RetryAfter(response, now));
        return kind switch
        {
            ChannelKinds.Slack => response.StatusCode == HttpStatusCode.OK && text == "ok"
                ? new ChannelAnswer(AnswerKind.Accepted, status)
                : new ChannelAnswer(AnswerKind.Permanent, text.Length > 0 ? $"{status}: {text}" : status),
            ChannelKinds.Feishu => ByCode(response, status, text, "code", "msg", FeishuThrottled, legacy: ("StatusCode", "StatusMessage")),
            ChannelKinds.WeCom or ChannelKinds.DingTalk => ByCode(response, status, text, "errcode", "errmsg", ErrcodeThrottled, legacy: null),
            _ => response.IsSuccessStatusCode
                ? new ChannelAnswer(AnswerKind.Accepted, status)
                : new ChannelAnswer(AnswerKind.Permanent, text.Length > 0 ? $"{status}: {text}" : status),
        };
    }

    private static ChannelAnswer ByCode(
        HttpResponseMessage response, string status, string text, string codeName, string messageName, IReadOnlySet<long> throttled,
        (string Code, string Message)? legacy)
    {
        long? code = null;
        string? message = null;
        try
        {
            using var json = JsonDocument.Parse(text.Length > 0 ? text : "null");
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = Number(json.RootElement, codeName) ?? (legacy is { } l ? Number(json.RootElement, l.Code) : null);
                message = String(json.RootElement, messageName) ?? (legacy is { } m ? String(json.RootElement, m.Message) : null);
            }
        }
        catch (JsonException)
        {
        }

        if (code is null)
        {
            return response.IsSuccessStatusCode
                ? new ChannelAnswer(AnswerKind.Permanent, $"{status} without a {codeName}: {(text.Length > 0 ? text : "(empty)")}")
                : new ChannelAnswer(AnswerKind.Permanent, text.Length > 0 ? $"{status}: {text}" : status);
        }
        var detail = $"{codeName} {code}: {message ?? "(no message)"}";
        if (code == 0)
            return new ChannelAnswer(AnswerKind.Accepted, detail);
        return new ChannelAnswer(throttled.Contains(code.Value) ? AnswerKind.Transient : AnswerKind.Permanent, detail);
    }

    private static long? Number(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    private static string? String(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Clip(string text) => text.Length <= MaxDetailChars ? text : text[..MaxDetailChars] + "…";
}
