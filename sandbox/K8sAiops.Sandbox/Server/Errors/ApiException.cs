namespace K8sAiops.Sandbox.Server.Errors;

/// <summary>Thrown anywhere in request handling to answer with <see cref="Status"/> as a <c>v1 Status</c> body.</summary>
internal sealed class ApiException(ApiStatus status) : Exception(status.Message)
{
    public ApiStatus Status { get; } = status;
}
