using K8sAiops.Activities.Analyze.Llm;
using K8sAiops.Activities.Analyze.Rules;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Analyze;

/// <summary>The input of <see cref="AnalyzeEvidence"/>.</summary>
/// <param name="Now">The orchestration's clock when it asked, so old events are judged the same on every run.</param>
public sealed record AnalyzeRequest(AlertInfo Alert, List<EvidenceBundle> Bundles, DateTimeOffset Now, List<Screenshot>? Screenshots = null);

/// <summary>
/// Activity: the diagnosis of an alert from its evidence — the rule engine first, then, when configured, the LLM,
/// which may add cited findings and explanation but never overrides evidence with guesses.
/// </summary>
public sealed class AnalyzeEvidence(LlmAnalyzer llm) : TaskActivity<AnalyzeRequest, Diagnosis>
{
    public override async Task<Diagnosis> RunAsync(TaskActivityContext context, AnalyzeRequest input)
    {
        var bundles = EvidenceIds.Unique(input.Bundles);
        var rules = RuleEngine.Diagnose(input.Alert, bundles, input.Now);
        return await llm.RefineAsync(input.Alert, bundles, rules, input.Screenshots ?? [], ShutdownToken);
    }
}
