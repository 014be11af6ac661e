using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>The chat clients the analyzer talks to: one for text, one (possibly the same model) for screenshots.</summary>
public sealed record LlmChatClients(IChatClient Text, IChatClient Vision)
{
    /// <summary>
    /// Creates the clients for <paramref name="options"/>' provider over <paramref name="http"/> (whose handlers, such as a
    /// <see cref="Resilience.ResilienceHandler"/>, carry every request). The SDK's own retries are off: the HTTP pipeline
    /// decides. Azure OpenAI sends the key as <c>api-key</c> to <c>{Endpoint}/openai/deployments/{Model}/chat/completions</c>;
    /// an OpenAI-compatible service gets <c>Authorization: Bearer</c> at <c>{Endpoint}/chat/completions</c>.
    /// </summary>
    public static LlmChatClients Create(LlmOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        if (options.Endpoint is not { } endpoint || string.IsNullOrWhiteSpace(options.Model))
        {
            throw new InvalidOperationException($"{LlmOptions.Section}:Endpoint and {LlmOptions.Section}:Model are required for provider {options.Provider}.");
        }

        var model = options.Model;
        var vision = options.EffectiveVisionModel ?? model;
        var transport = new HttpClientPipelineTransport(http);
        switch (options.Provider)
        {
            case LlmProvider.AzureOpenAI:
                var azure = new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey ?? ""), new AzureOpenAIClientOptions
                {
                    Transport = transport,
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = options.Timeout,
                });
                return new LlmChatClients(azure.GetChatClient(model).AsIChatClient(), azure.GetChatClient(vision).AsIChatClient());
            case LlmProvider.OpenAICompatible:
                // Local servers (Ollama, vLLM) take no key, but the client insists on one; they ignore what is sent.
                var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : options.ApiKey;
                var compatible = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
                {
                    Endpoint = endpoint,
                    Transport = transport,
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = options.Timeout,
                });
                return new LlmChatClients(compatible.GetChatClient(model).AsIChatClient(), compatible.GetChatClient(vision).AsIChatClient());
            default:
                throw new InvalidOperationException($"{LlmOptions.Section}:Provider {options.Provider} has no chat client.");
        }
    }
}
