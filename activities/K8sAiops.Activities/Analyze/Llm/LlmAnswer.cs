using System.Text.Json;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>The model's answer as it arrived: the contract's shape with every field optional, to be checked before use.</summary>
internal sealed record LlmAnswer(LlmAnswer.Cause? RootCause, List<LlmAnswer.Claim>? Findings, List<LlmAnswer.Action>? Actions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Parses the answer's text; a <c>```json</c> fence around it is tolerated. Throws <see cref="JsonException"/> when it is not the shape asked for.</summary>
    public static LlmAnswer Parse(string text)
    {
        var json = text.Trim();
        if (json.StartsWith("```", StringComparison.Ordinal))
        {
            var start = json.IndexOf('\n', StringComparison.Ordinal);
            var end = json.LastIndexOf("```", StringComparison.Ordinal);
            json = start >= 0 && end > start ? json[(start + 1)..end] : json;
        }

        return JsonSerializer.Deserialize<LlmAnswer>(json, Json) ?? throw new JsonException("The answer is JSON null.");
    }

    internal sealed record Resource(string? Kind, string? Namespace, string? Name)
    {
        public override string ToString() => $"{Kind}/{Namespace}/{Name}";
    }

    internal sealed record Cause(string? Category, Resource? Resource, string? Summary, double? Confidence, List<string>? Evidence);

    internal sealed record Claim(string? Id, string? Source, string? Text, string? Severity);

    internal sealed record Action(string? Kind, Resource? Target, string? Risk, string? Description, List<string>? Commands);
}
