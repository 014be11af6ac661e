namespace K8sAiops.Sandbox.Server.Errors;

/// <summary>
/// A failed request as the API server reports it: the fields of a <c>v1 Status</c> with <c>status: Failure</c>.
/// </summary>
/// <param name="Code">The HTTP status code, repeated in the body's <c>code</c>.</param>
/// <param name="Reason">The machine-readable reason, e.g. <c>NotFound</c>.</param>
/// <param name="Message">The human-readable message kubectl prints after <c>Error from server (Reason):</c>.</param>
/// <param name="Details">The optional <c>details</c> object.</param>
/// <param name="Continue">A <c>metadata.continue</c> token (only on an expired continue).</param>
internal sealed record ApiStatus(int Code, string Reason, string Message, StatusDetails? Details = null, string? Continue = null);

/// <summary>The <c>details</c> of a <see cref="ApiStatus"/>; empty members are left out of the JSON.</summary>
internal sealed record StatusDetails(
    string? Name = null,
    string? Group = null,
    string? Kind = null,
    string? Uid = null,
    IReadOnlyList<StatusCause>? Causes = null,
    int RetryAfterSeconds = 0);

/// <summary>One cause in <see cref="StatusDetails.Causes"/>.</summary>
internal sealed record StatusCause(string? Reason, string? Message, string? Field);
