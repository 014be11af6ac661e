using System.Text.Json;
using K8sAiops.Activities.Collect.Evidence;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>
/// Asks a language model to review the rules' diagnosis against the evidence and merges what holds up
/// (see <see cref="DiagnosisMerge"/>). Whatever goes wrong with the model (no answer in time, an HTTP error, text that is
/// not the JSON asked for, an answer that does not hold up) leaves the rules' diagnosis as it was. With no provider
/// configured it makes no call at all.
/// </summary>
public sealed class LlmAnalyzer
{
    private readonly LlmChatClients? _clients;
    private readonly LlmOptions _options;
    private readonly PromptBuilder _prompts;
    private readonly TimeProvider _time;
    private readonly ILogger<LlmAnalyzer> _logger;

    /// <param name="clients">The chat clients; null when <see cref="LlmOptions.Provider"/> is None.</param>
    public LlmAnalyzer(LlmChatClients? clients, IOptions<LlmOptions> options, PromptBuilder prompts, TimeProvider time, ILogger<LlmAnalyzer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _options = options.Value;
        _prompts = prompts;
        _time = time;
        _logger = logger;
    }

    public async Task<Diagnosis> RefineAsync(
        AlertInfo alert,
        IReadOnlyList<EvidenceBundle> bundles,
        Diagnosis rules,
        IReadOnlyList<Screenshot> screenshots,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(screenshots);
        if (_clients is null || _options.Provider == LlmProvider.None)
            return rules;

        var prompt = _prompts.Build(alert, bundles, rules, _options.TokenBudget);
        var client = screenshots.Count > 0 ? _clients.Vision : _clients.Text;
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(Messages(prompt, screenshots), ChatOptions(), linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The LLM gave no answer within {Timeout}; the rules' diagnosis stands", _options.Timeout);
            return rules;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "The LLM call failed ({Error}); the rules' diagnosis stands", e.Message);
            return rules;
        }

        if (response.FinishReason == ChatFinishReason.ToolCalls || response.Messages.Any(m => m.Contents.OfType<FunctionCallContent>().Any()))
        {
            _logger.LogWarning("The LLM asked to call a tool although none was offered; the rules' diagnosis stands");
            return rules;
        }

        LlmAnswer answer;
        try
        {
            answer = LlmAnswer.Parse(response.Text);
        }
        catch (JsonException e)
        {
            _logger.LogWarning("The LLM's answer is not the JSON asked for ({Error}); the rules' diagnosis stands", e.Message);
            return rules;
        }

        var valid = new AnswerValidator(new EvidenceIndex(bundles, rules), _logger).Validate(answer, out var why);
        if (valid is null)
        {
            _logger.LogWarning("The LLM's answer does not hold up: {Reason}; the rules' diagnosis stands", why);
            return rules;
        }

        var merged = DiagnosisMerge.Merge(rules, valid);
        _logger.LogInformation(
            "LLM reviewed {Category} ({Included} evidence items, {LeftOut} left out, {Tokens} prompt tokens); result {Result}",
            rules.RootCause.Category, prompt.Included, prompt.LeftOut, prompt.Tokens, merged.RootCause.Category);
        return merged;
    }

    private ChatOptions ChatOptions() => new()
    {
        ResponseFormat = ChatResponseFormat.Json,
        Temperature = (float)_options.Temperature,
    };

    private static List<ChatMessage> Messages(Prompt prompt, IReadOnlyList<Screenshot> screenshots)
    {
        var user = new List<AIContent> { new TextContent(prompt.User) };
        foreach (var shot in screenshots)
        {
            user.Add(new TextContent($"Screenshot {shot.Name}:"));
            user.Add(new DataContent(shot.Data, shot.MediaType));
        }

        return [new ChatMessage(ChatRole.System, prompt.System), new ChatMessage(ChatRole.User, user)];
    }
}
