using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace K8sAiops.Activities.Resilience;

/// <summary>
/// Builds the Polly pipeline every call to a remote goes through, outermost first:
/// total timeout → retry (exponential backoff with jitter, honouring <c>Retry-After</c>) → circuit breaker → attempt timeout.
/// The breaker sits inside the retry so each attempt counts, and an open circuit ends the retries at once.
/// </summary>
public static class RemoteCallPipeline
{
    private static readonly ConditionalWeakTable<ResiliencePipeline<HttpResponseMessage>, RemoteCallState> States = [];

    /// <summary>
    /// Creates the pipeline for one remote. Create it once per remote and share it: the circuit's state lives in it.
    /// </summary>
    /// <param name="name">The remote's name, used in log events and in the errors <see cref="ResilienceHandler"/> raises.</param>
    /// <param name="options">Timeouts, retries and breaker settings; validated by the caller (see <see cref="RemoteCallOptions"/>).</param>
    /// <param name="time">The clock for timeouts, backoff and the breaker; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Receives a warning per retry and per opened circuit.</param>
    public static ResiliencePipeline<HttpResponseMessage> Create(
        string name, RemoteCallOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        var clock = time ?? TimeProvider.System;
        var log = logger ?? NullLogger.Instance;
        var state = new RemoteCallState(name);

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = name, TimeProvider = clock };
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "TotalTimeout", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options, clock)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? TransientFailures.RetryAfter(response, clock.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    log.LogWarning(
                        "{Remote} attempt {Attempt} failed ({Failure}); retrying in {Delay}",
                        name, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "CircuitBreaker",
            FailureRatio = options.FailureRatio,
            MinimumThroughput = options.MinimumThroughput,
            SamplingDuration = options.SamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(TransientFailures.IsTransient(args.Outcome)),
            OnOpened = args =>
            {
                state.BreakingFailure = Describe(args.Outcome);
                log.LogWarning(
                    "{Remote} circuit opened for {BreakDuration} after repeated failures (last: {Failure})",
                    name, args.BreakDuration, state.BreakingFailure);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                log.LogInformation("{Remote} circuit closed; calls go through again", name);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout });

        var pipeline = builder.Build();
        States.AddOrUpdate(pipeline, state);
        return pipeline;
    }

    /// <summary>What <see cref="Create"/> knows about a pipeline it built; null for pipelines built elsewhere.</summary>
    internal static RemoteCallState? StateOf(ResiliencePipeline<HttpResponseMessage> pipeline)
        => States.TryGetValue(pipeline, out var state) ? state : null;

    /// <summary>One line for a person: "503 Service Unavailable", "HttpRequestException: Connection refused (…)".</summary>
    internal static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout.TotalSeconds:0.###} s",
        { } exception => $"{exception.GetType().Name}: {exception.Message}",
        null when outcome.Result is { } response => $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}",
        null => "no result",
    };

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, RemoteCallOptions options, TimeProvider clock)
    {
        if (!TransientFailures.IsTransient(outcome))
        {
            return false;
        }

        // A server that asks for a longer pause than we are willing to wait is not retried early against its wish.
        return outcome.Result is not { } response
               || TransientFailures.RetryAfter(response, clock.GetUtcNow()) is not { } wait
               || wait <= options.MaxRetryDelay;
    }
}

/// <summary>The remote's name and the failure that last opened its circuit, for error messages.</summary>
internal sealed class RemoteCallState(string name)
{
    private volatile string? _breakingFailure;

    public string Name { get; } = name;

    public string? BreakingFailure
    {
        get => _breakingFailure;
        set => _breakingFailure = value;
    }
}
