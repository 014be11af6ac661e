namespace K8sAiops.Activities.Logs;

/// <summary>Loki could not be asked or did not answer in its API's format. The message names the URL.</summary>
public class LokiException : Exception
{
    public LokiException(string message, string url, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
    }

    /// <summary>The endpoint called, without its query string, e.g. "http://loki:3100/loki/api/v1/query_range".</summary>
    public string Url { get; }
}

/// <summary>
/// Loki refused or failed the query and said why, e.g. 400 with the plain-text body
/// <c>parse error at line 1, col 5: syntax error: unexpected IDENTIFIER</c>.
/// </summary>
public sealed class LokiQueryException : LokiException
{
    public LokiQueryException(string query, int statusCode, string error, string url)
        : base($"Loki at {url} rejected the query ({statusCode}): {error}. Query: {query}", url)
    {
        Query = query;
        StatusCode = statusCode;
        Error = error;
    }

    public string Query { get; }

    public int StatusCode { get; }

    /// <summary>Loki's explanation, as it sent it.</summary>
    public string Error { get; }
}
