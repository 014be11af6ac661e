using Microsoft.Extensions.Logging;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>The part of a model's answer that holds up against the contract and the evidence.</summary>
internal sealed record ValidAnswer(RootCause RootCause, List<Finding> Findings, List<ProposedAction> Actions);

/// <summary>
/// Checks a model's answer against the contract and the evidence: the category must be a taxonomy id, the culprit
/// must appear in the evidence, and every claim must cite evidence ids that exist. A claim that fails is dropped and
/// logged; a root cause that fails makes the whole answer unusable.
/// </summary>
internal sealed class AnswerValidator(EvidenceIndex evidence, ILogger logger)
{
    private static readonly string[] Severities = ["info", "warning", "error"];
    private static readonly string[] Risks = ["low", "medium", "high"];

    /// <summary>The valid part of <paramref name="answer"/>, or null with <paramref name="why"/> when its root cause does not hold.</summary>
    public ValidAnswer? Validate(LlmAnswer answer, out string why)
    {
        var cause = answer.RootCause;
        if (cause is null || string.IsNullOrWhiteSpace(cause.Category) || string.IsNullOrWhiteSpace(cause.Summary))
        {
            why = "the answer has no root cause with a category and summary";
            return null;
        }

        if (!Categories.All.Contains(cause.Category))
        {
            why = $"category '{cause.Category}' is not a taxonomy id";
            return null;
        }

        var culprit = evidence.Find(cause.Resource);
        if (culprit is null && !(cause.Category == Categories.NoIssue && cause.Resource is null))
        {
            why = $"the culprit {cause.Resource} does not appear in the evidence";
            return null;
        }

        var cited = Cited(cause.Evidence, $"root cause {cause.Category}: {cause.Summary}");
        if (cited.Count == 0)
        {
            why = "the root cause cites no evidence id that exists";
            return null;
        }

        why = "";
        var root = new RootCause
        {
            Category = cause.Category,
            Resource = culprit,
            Summary = cause.Summary,
            Confidence = Math.Clamp(cause.Confidence ?? 0.5, 0, 1),
            Evidence = cited,
        };
        return new ValidAnswer(root, Findings(answer.Findings ?? []), Actions(answer.Actions ?? []));
    }

    private List<string> Cited(List<string>? ids, string claim)
    {
        var valid = new List<string>();
        foreach (var id in ids ?? [])
        {
            if (evidence.HasId(id))
            {
                if (!valid.Contains(id))
                    valid.Add(id);
            }
            else
            {
                Dropped("cites unknown evidence id " + id, claim);
            }
        }

        return valid;
    }

    private List<Finding> Findings(List<LlmAnswer.Claim> claims)
    {
        var findings = new List<Finding>();
        foreach (var claim in claims)
        {
            var text = $"{claim.Id} {claim.Source}: {claim.Text}";
            if (string.IsNullOrWhiteSpace(claim.Text))
                Dropped("has no text", text);
            else if (!evidence.HasId(claim.Id))
                Dropped(string.IsNullOrWhiteSpace(claim.Id) ? "cites no evidence" : "cites an evidence id that does not exist", text);
            else if (evidence.FindSource(claim.Source) is not { } source)
                Dropped("is about a resource absent from the evidence", text);
            else
            {
                findings.Add(new Finding
                {
                    Id = claim.Id!,
                    Source = source.ToString(),
                    Text = claim.Text,
                    Severity = Severities.Contains(claim.Severity) ? claim.Severity! : "warning",
                });
            }
        }

        return findings;
    }

    private List<ProposedAction> Actions(List<LlmAnswer.Action> actions)
    {
        var valid = new List<ProposedAction>();
        foreach (var action in actions)
        {
            var text = $"{action.Kind} on {action.Target}: {action.Description}";
            if (action.Kind is null || !ActionKinds.All.Contains(action.Kind))
                Dropped("is not in the action catalogue", text);
            else if (evidence.Find(action.Target) is not { } target)
                Dropped("targets a resource absent from the evidence", text);
            else
            {
                valid.Add(new ProposedAction
                {
                    Kind = action.Kind,
                    Target = target,
                    Risk = Risks.Contains(action.Risk) ? action.Risk! : "high",
                    Description = action.Description ?? action.Kind,
                    Commands = action.Commands ?? [],
                });
            }
        }

        return valid;
    }

    private void Dropped(string reason, string claim)
        => logger.LogWarning("Dropped an LLM claim that {Reason}: {Claim}", reason, claim);
}
