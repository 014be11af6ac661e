using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Activities.Resilience;

/// <summary>
/// How calls to one remote (Kubernetes, Prometheus or Loki) are timed out, retried and cut off while it is failing.
/// Bound from <c>Collect:{Remote}:Resilience</c>. The defaults suit an on-call tool that must answer in seconds:
/// a slow remote costs at most <see cref="TotalTimeout"/>, a dead one is skipped after a few calls.
/// </summary>
public sealed class RemoteCallOptions : IValidatableObject
{
    /// <summary>How long one attempt may take before it is abandoned and counted as a transient failure.</summary>
    /// <value>10 seconds; from 10 ms to 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take in all, attempts and waits between them included.</summary>
    /// <value>30 seconds; from 10 ms to 10 minutes, and not shorter than <see cref="AttemptTimeout"/>.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries after the first attempt on a transient failure: HTTP 408, 429, 5xx other than 501 and 505,
    /// a connection error or an attempt timeout. 0 turns retrying off.
    /// </summary>
    /// <value>3; from 0 to 10.</value>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first wait between attempts; later waits grow exponentially, with jitter.</summary>
    /// <value>200 milliseconds; from 0 to 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest wait between attempts. A server's <c>Retry-After</c> is honoured up to this long;
    /// when it asks for longer, the call is not retried and fails with the server's answer.
    /// </summary>
    /// <value>5 seconds; from 0 to 5 minutes, and not shorter than <see cref="RetryBaseDelay"/>.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The share of failed attempts within <see cref="SamplingDuration"/> at which the circuit opens.</summary>
    /// <value>0.5; above 0 and at most 1.</value>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many attempts must fall in <see cref="SamplingDuration"/> before the ratio is trusted.</summary>
    /// <value>10; from 2 to 10 000.</value>
    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window over which the failure ratio is measured.</summary>
    /// <value>30 seconds; from 1 second to 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before it lets one through to test the remote.</summary>
    /// <value>15 seconds; from 1 second to 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult(
                $"{nameof(TotalTimeout)} ({TotalTimeout}) must not be shorter than {nameof(AttemptTimeout)} ({AttemptTimeout}).",
                [nameof(TotalTimeout)]);
        }

        if (MaxRetryDelay < RetryBaseDelay)
        {
            yield return new ValidationResult(
                $"{nameof(MaxRetryDelay)} ({MaxRetryDelay}) must not be shorter than {nameof(RetryBaseDelay)} ({RetryBaseDelay}).",
                [nameof(MaxRetryDelay)]);
        }
    }
}
