namespace K8sAiops.Activities.Metrics;

/// <summary>Prometheus could not be asked or did not answer in its API's format. The message names the URL.</summary>
public class PrometheusException : Exception
{
    public PrometheusException(string message, string url, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
    }

    /// <summary>The endpoint called, without its query string, e.g. "http://prometheus:9090/api/v1/query".</summary>
    public string Url { get; }
}

/// <summary>
/// Prometheus refused or failed the query itself and said why (<c>{"status":"error","errorType":…,"error":…}</c>),
/// typically 400 bad_data for a syntax error, 422 execution for a query that cannot run, 503 timeout or canceled.
/// </summary>
public sealed class PrometheusQueryException : PrometheusException
{
    public PrometheusQueryException(string query, string errorType, string error, int statusCode, string url, Exception? innerException = null)
        : base($"Prometheus at {url} rejected the query ({statusCode} {errorType}): {error}. Query: {query}", url, innerException)
    {
        Query = query;
        ErrorType = errorType;
        Error = error;
        StatusCode = statusCode;
    }

    public string Query { get; }

    /// <summary>Prometheus' <c>errorType</c>: bad_data, execution, timeout, canceled, internal, unavailable, not_found …</summary>
    public string ErrorType { get; }

    /// <summary>Prometheus' <c>error</c> message.</summary>
    public string Error { get; }

    public int StatusCode { get; }
}
