namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>Which kind of chat-completions service refines the rules' diagnosis.</summary>
public enum LlmProvider
{
    /// <summary>No language model: the rules' diagnosis stands as it is.</summary>
    None,

    /// <summary>An Azure OpenAI resource; <see cref="LlmOptions.Model"/> names the deployment.</summary>
    AzureOpenAI,

    /// <summary>Any service speaking OpenAI's chat-completions API (Qwen/DashScope, DeepSeek, vLLM, Ollama, OpenAI itself).</summary>
    OpenAICompatible,
}
