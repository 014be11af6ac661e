namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c>: requirements that must all hold. The grammar and error messages are the API
/// server's (k8s.io/apimachinery <c>labels.Parse</c>): <c>=</c>, <c>==</c>, <c>!=</c>, <c>in (a,b)</c>,
/// <c>notin (a,b)</c>, <c>key</c>, <c>!key</c>, <c>&gt;</c> and <c>&lt;</c> on integers, joined by commas.
/// </summary>
internal sealed class LabelSelector(IReadOnlyList<LabelRequirement> requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    public IReadOnlyList<LabelRequirement> Requirements { get; } = requirements;

    public bool IsEmpty => Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses <paramref name="text"/>; throws <see cref="SelectorException"/> with the API server's message when it is malformed.</summary>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Everything : new LabelSelector(new LabelSelectorParser(text).Parse());
}

/// <summary>A malformed selector; the message is the one the API server answers with (status 400).</summary>
internal sealed class SelectorException(string message) : Exception(message);
