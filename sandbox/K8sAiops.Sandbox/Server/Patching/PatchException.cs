namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>A patch that cannot be applied; <see cref="Unprocessable"/> tells 422 (a JSON patch operation that fails) from 400 (a malformed patch).</summary>
internal sealed class PatchException(string message, bool unprocessable) : Exception(message)
{
    public bool Unprocessable { get; } = unprocessable;
}
