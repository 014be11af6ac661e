using System.Net;

namespace K8sAiops.Activities.Resilience;

/// <summary>
/// A call to a remote that did not succeed after the pipeline's retries, hit its total timeout, or was refused because
/// the remote's circuit is open. The message names the remote, the request and the last failure.
/// </summary>
public sealed class RemoteCallException : HttpRequestException
{
    public RemoteCallException(
        string remote,
        string request,
        int attempts,
        string lastFailure,
        string message,
        HttpStatusCode? statusCode = null,
        string? responseBody = null,
        bool circuitOpen = false,
        Exception? innerException = null)
        : base(message, innerException, statusCode)
    {
        Remote = remote;
        Request = request;
        Attempts = attempts;
        LastFailure = lastFailure;
        ResponseBody = responseBody;
        CircuitOpen = circuitOpen;
    }

    /// <summary>The remote's name, e.g. "Prometheus".</summary>
    public string Remote { get; }

    /// <summary>Method and URL without query string or credentials, e.g. "GET http://prometheus:9090/api/v1/query".</summary>
    public string Request { get; }

    /// <summary>How many attempts reached the network; 0 when an open circuit refused the call.</summary>
    public int Attempts { get; }

    /// <summary>The last status or error, e.g. "503 Service Unavailable".</summary>
    public string LastFailure { get; }

    /// <summary>The start of the last answer's body (at most 4 KB), when there was one.</summary>
    public string? ResponseBody { get; }

    /// <summary>True when the call was cut short because the remote's circuit is open.</summary>
    public bool CircuitOpen { get; }
}
