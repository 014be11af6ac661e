using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>
/// The language model that refines the rules' diagnosis, bound from <c>Analyze:Llm</c>. With the default
/// <see cref="LlmProvider.None"/> nothing leaves the process and the rules' diagnosis stands.
/// </summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string Section = "Analyze:Llm";

    /// <summary>Which kind of service to call.</summary>
    /// <value><see cref="LlmProvider.None"/>.</value>
    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>
    /// The Azure resource URL (<c>https://NAME.openai.azure.com</c>) or an OpenAI-compatible base URL that
    /// <c>/chat/completions</c> is appended to (<c>https://api.deepseek.com/v1</c>, <c>http://vllm:8000/v1</c>,
    /// <c>http://ollama:11434/v1</c>). Required unless <see cref="Provider"/> is None.
    /// </summary>
    /// <value>None.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key: sent as <c>api-key</c> to Azure, as <c>Authorization: Bearer</c> elsewhere. Local servers may not need one.</summary>
    /// <value>None.</value>
    public string? ApiKey { get; set; }

    /// <summary>The model name, or the deployment name on Azure. Required unless <see cref="Provider"/> is None.</summary>
    /// <value>None.</value>
    public string? Model { get; set; }

    /// <summary>The model (or deployment) that reads screenshots.</summary>
    /// <value><see cref="Model"/>.</value>
    public string? VisionModel { get; set; }

    /// <summary>The most tokens (tiktoken o200k) the prompt may take, system prompt included.</summary>
    /// <value>8000; from 1000 to 1 000 000.</value>
    [Range(1000, 1_000_000)]
    public int TokenBudget { get; set; } = 8000;

    /// <summary>How long the model may take to answer before the rules' diagnosis is used instead.</summary>
    /// <value>30 seconds; from 100 ms to 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sampling temperature; 0 gives the most repeatable answers.</summary>
    /// <value>0; from 0 to 2.</value>
    [Range(0.0, 2.0)]
    public double Temperature { get; set; }

    /// <summary>The model that reads screenshots: <see cref="VisionModel"/>, else <see cref="Model"/>.</summary>
    public string? EffectiveVisionModel => string.IsNullOrWhiteSpace(VisionModel) ? Model : VisionModel;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == LlmProvider.None)
        {
            yield break;
        }

        if (Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult(
                $"an absolute http or https URL is required when {nameof(Provider)} is {Provider}.", [nameof(Endpoint)]);
        }

        if (Provider == LlmProvider.AzureOpenAI && string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult(
                $"an API key is required when {nameof(Provider)} is {Provider}.", [nameof(ApiKey)]);
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult(
                $"a model (or Azure deployment) name is required when {nameof(Provider)} is {Provider}.", [nameof(Model)]);
        }
    }
}
