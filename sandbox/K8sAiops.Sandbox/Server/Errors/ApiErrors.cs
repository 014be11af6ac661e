using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Errors;

/// <summary>
/// The API server's errors, with its messages and <c>details</c> (k8s.io/apimachinery <c>api/errors</c>):
/// resources are named <c>plural.group</c> (<c>deployments.apps "x" not found</c>), kinds <c>Kind.group</c>
/// (<c>Deployment.apps "x" is invalid: …</c>).
/// </summary>
internal static class ApiErrors
{
    /// <summary>The qualified resource of <paramref name="kind"/>: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public static string QualifiedResource(ResourceKind kind) => Qualify(kind.Plural, kind.Group);

    public static ApiException NotFound(ResourceKind kind, string name) => NotFound(kind.Plural, kind.Group, name);

    public static ApiException NotFound(string resource, string group, string name) => new(new ApiStatus(
        404, "NotFound", $"{Qualify(resource, group)} \"{name}\" not found", new StatusDetails(name, Group(group), resource)));

    /// <summary>A path the server does not serve (unknown resource or verb-less sub-path).</summary>
    public static ApiException UnknownPath() => new(new ApiStatus(
        404, "NotFound", "the server could not find the requested resource", new StatusDetails()));

    public static ApiException AlreadyExists(ResourceKind kind, string name) => new(new ApiStatus(
        409, "AlreadyExists", $"{QualifiedResource(kind)} \"{name}\" already exists", new StatusDetails(name, Group(kind.Group), kind.Plural)));

    public static ApiException Conflict(ResourceKind kind, string name, string why) => new(new ApiStatus(
        409, "Conflict", $"Operation cannot be fulfilled on {QualifiedResource(kind)} \"{name}\": {why}", new StatusDetails(name, Group(kind.Group), kind.Plural)));

    /// <summary>The optimistic-concurrency conflict of an update carrying a stale <c>metadata.resourceVersion</c>.</summary>
    public static ApiException StaleResourceVersion(ResourceKind kind, string name) =>
        Conflict(kind, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var aggregate = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        var causes = errors.Select(e => new StatusCause(e.CauseType, e.Body, e.Field)).ToList();
        return new(new ApiStatus(
            422, "Invalid", $"{Qualify(kind, group)} \"{name}\" is invalid: {aggregate}", new StatusDetails(name, Group(group), kind, Causes: causes)));
    }

    public static ApiException Invalid(ResourceKind kind, string name, params FieldError[] errors) => Invalid(kind.Kind, kind.Group, name, errors);

    /// <summary>A 422 without a field list, as the API server answers a JSON patch whose <c>test</c> fails.</summary>
    public static ApiException Unprocessable(string message) => new(new ApiStatus(422, "Invalid", message, new StatusDetails()));

    public static ApiException BadRequest(string message) => new(new ApiStatus(400, "BadRequest", message));

    public static ApiException MethodNotAllowed() => new(new ApiStatus(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new StatusDetails()));

    public static ApiException UnsupportedMediaType(IEnumerable<string> accepted) => new(new ApiStatus(
        415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: " + string.Join(", ", accepted)));

    /// <summary>410 for a continue token whose snapshot is gone; <paramref name="inconsistentContinue"/> resumes at the same place.</summary>
    public static ApiException ContinueExpired(string inconsistentContinue) => new(new ApiStatus(
        410, "Expired",
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without "
        + "the continue parameter, or use the continue token in this response to retrieve the remainder of the results. "
        + "Continuing with the provided token results in an inconsistent list - objects that were created, modified, or "
        + "deleted between the time the first chunk was returned and now may show up in the list.",
        Continue: inconsistentContinue));

    /// <summary>410 for an exact <c>resourceVersion</c> older than the retained history.</summary>
    public static ApiException ResourceVersionTooOld(long requested, long oldest) => new(new ApiStatus(
        410, "Expired", $"too old resource version: {requested} ({oldest})"));

    /// <summary>504 for a <c>resourceVersion</c> newer than the store's (the API server waits, then gives up).</summary>
    public static ApiException ResourceVersionTooLarge(long requested, long current) => new(new ApiStatus(
        504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}",
        new StatusDetails(Causes: [new StatusCause("ResourceVersionTooLarge", "Too large resource version", null)], RetryAfterSeconds: 1)));

    private static string Qualify(string name, string group) => group.Length == 0 ? name : name + "." + group;

    private static string? Group(string group) => group.Length == 0 ? null : group;
}
