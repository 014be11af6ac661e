namespace K8sAiops.Activities.Redaction;

/// <summary>Redacted text and what was masked in it.</summary>
/// <param name="Text">The input with every secret replaced by a marker such as <c>[REDACTED:bearer-token]</c>.</param>
/// <param name="Count">How many secrets were masked.</param>
/// <param name="Kinds">The distinct kinds masked, in order of first appearance (e.g. "password", "jwt").</param>
public sealed record RedactionResult(string Text, int Count, IReadOnlyList<string> Kinds)
{
    public static RedactionResult Unchanged(string text) => new(text, 0, []);
}
