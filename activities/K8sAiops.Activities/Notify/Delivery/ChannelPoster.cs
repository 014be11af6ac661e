using System.Text;
using K8sAiops.Activities.Notify.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Notify.Delivery;

/// <summary>How a post to one channel ended.</summary>
/// <param name="Transient">For a failure: true when it was transient (retries ran out), so a later run may try again.</param>
public sealed record PostResult(bool Sent, string Detail, int Attempts, bool Transient);

/// <summary>
/// Posts a rendered card to a channel: <c>application/json; charset=utf-8</c>, the answer read the platform's way
/// (<see cref="ChannelAnswers"/>). Transient failures are retried up to <see cref="NotifyOptions.MaxAttempts"/> times
/// with doubling waits capped at <see cref="NotifyOptions.MaxRetryDelay"/>, or as long as <c>Retry-After</c> asks when
/// that is within the cap (a longer ask ends the retries). The card is rendered afresh per attempt so signatures carry
/// the time of sending.
/// </summary>
public sealed partial class ChannelPoster(IHttpClientFactory clients, IOptions<NotifyOptions> options, TimeProvider time, ILogger<ChannelPoster> logger)
{
    /// <summary>The named HttpClient chat posts go through (no resilience handler: retries are decided here, per platform).</summary>
    public const string HttpClientName = "notify-chat";

    public async Task<PostResult> PostAsync(ChatChannel channel, Func<DateTimeOffset, ChannelPost> render, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var http = clients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            var answer = await AttemptAsync(http, channel, render(time.GetUtcNow()), settings.AttemptTimeout, cancellationToken);
            switch (answer.Kind)
            {
                case AnswerKind.Accepted:
                    return new PostResult(true, answer.Detail, attempt, false);
                case AnswerKind.Permanent:
                    return new PostResult(false, answer.Detail, attempt, false);
            }
            if (attempt >= settings.MaxAttempts)
                return new PostResult(false, $"gave up after {attempt} attempts; last: {answer.Detail}", attempt, true);
            if (answer.RetryAfter is { } asked && asked > settings.MaxRetryDelay)
                return new PostResult(false, $"{answer.Detail}; asked to wait {asked.TotalSeconds:0} s, longer than Notify:MaxRetryDelay", attempt, true);

            var wait = answer.RetryAfter ?? Backoff(settings, attempt);
            LogRetry(channel.Name, attempt, answer.Detail, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task<ChannelAnswer> AttemptAsync(
        HttpClient http, ChatChannel channel, ChannelPost post, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, post.Url)
        {
            Content = new StringContent(post.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in post.Headers)
            request.Headers.TryAddWithoutValidation(name, value);

        using var attemptTimeout = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return ChannelAnswers.Read(channel.Kind, response, body, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChannelAnswer(AnswerKind.Transient, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new ChannelAnswer(AnswerKind.Transient, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static TimeSpan Backoff(NotifyOptions settings, int attempt)
    {
        var wait = settings.RetryDelay * Math.Pow(2, attempt - 1);
        return wait > settings.MaxRetryDelay ? settings.MaxRetryDelay : wait;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat channel {Channel} attempt {Attempt} failed ({Failure}); retrying in {Delay}")]
    private partial void LogRetry(string channel, int attempt, string failure, TimeSpan delay);
}
