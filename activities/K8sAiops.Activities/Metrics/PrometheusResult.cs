namespace K8sAiops.Activities.Metrics;

/// <summary>The <c>data.resultType</c> of a Prometheus query answer.</summary>
public enum PrometheusResultType
{
    Vector,
    Matrix,
    Scalar,
    String,
}

/// <summary>One sample: when, and the value (NaN and ±Inf included, as Prometheus sends them).</summary>
public readonly record struct PrometheusSample(DateTimeOffset Timestamp, double Value);

/// <summary>One series: its labels (<c>__name__</c> included when the query keeps it) and its samples, oldest first.</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PrometheusSample> Samples)
{
    /// <summary>The metric name, when the result still carries it.</summary>
    public string? Name => Labels.TryGetValue("__name__", out var name) ? name : null;
}

/// <summary>
/// A successful Prometheus query. A vector has one sample per series, a matrix many; a scalar or string result has no
/// series but <see cref="Scalar"/> or <see cref="String"/>. Native-histogram samples are not read.
/// </summary>
public sealed record PrometheusResult(
    PrometheusResultType ResultType,
    IReadOnlyList<PrometheusSeries> Series,
    PrometheusSample? Scalar,
    (DateTimeOffset Timestamp, string Value)? String,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Infos);
