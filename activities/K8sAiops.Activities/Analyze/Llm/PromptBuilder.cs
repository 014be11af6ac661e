using System.Text;
using System.Text.Json;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Redaction;
using Microsoft.ML.Tokenizers;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>
/// Builds the prompt for one alert within a token budget counted with tiktoken's o200k encoding: the system prompt,
/// the alert, the rules' diagnosis, then evidence items most important first (see <see cref="PromptItems"/>), each cut
/// to a share of the budget, until the budget is spent; a last line says how many items were left out. Everything is
/// redacted again on the way in, in case a collector missed a secret.
/// </summary>
public sealed class PromptBuilder(Redactor redactor)
{
    private const int ReservedTokens = 64;
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public PromptBuilder()
        : this(Redactor.Default)
    {
    }

    /// <summary>Counts o200k tokens.</summary>
    public static int CountTokens(string text) => O200k.Value.CountTokens(text);

    public Prompt Build(AlertInfo alert, IReadOnlyList<EvidenceBundle> bundles, Diagnosis rules, int tokenBudget)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(bundles);
        ArgumentNullException.ThrowIfNull(rules);

        var system = SystemPrompt.Text;
        var header = redactor.Redact(Header(alert, bundles, rules));
        var available = tokenBudget - CountTokens(system) - CountTokens(header) - ReservedTokens;
        var itemCap = Math.Max(64, tokenBudget / 8);

        var included = new List<string>();
        var leftOut = 0;
        foreach (var item in PromptItems.InOrder(bundles))
        {
            if (available < 16)
            {
                leftOut++;
                continue;
            }

            var text = "\n" + Cut(redactor.Redact(Prefilter(item, itemCap)), itemCap);
            var tokens = CountTokens(text);
            if (tokens > available)
            {
                leftOut++;
                continue;
            }

            included.Add(text);
            available -= tokens;
        }

        // Tokens can merge across line boundaries; drop from the end until the whole really fits.
        while (true)
        {
            var user = Compose(header, included, leftOut);
            var total = CountTokens(system) + CountTokens(user);
            if (total <= tokenBudget || included.Count == 0)
                return new Prompt(system, user, total, included.Count, leftOut);
            included.RemoveAt(included.Count - 1);
            leftOut++;
        }
    }

    private static string Compose(string header, List<string> items, int leftOut)
    {
        var text = new StringBuilder(header).Append("\n\nEvidence, most important first:");
        foreach (var item in items)
            text.Append(item);
        if (leftOut > 0)
            text.Append($"\n[{leftOut} more evidence items were left out to stay within the token budget.]");
        return text.ToString();
    }

    private static string Header(AlertInfo alert, IReadOnlyList<EvidenceBundle> bundles, Diagnosis rules)
    {
        var text = new StringBuilder();
        text.Append($"Alert {alert.AlertName} ({alert.Status}) since {alert.StartsAt:u}");
        foreach (var (key, value) in alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            text.Append($"\n  label {key}={value}");
        foreach (var (key, value) in alert.Annotations.OrderBy(l => l.Key, StringComparer.Ordinal))
            text.Append($"\n  annotation {key}: {value}");
        foreach (var bundle in bundles)
            text.Append($"\nTarget {bundle.Target} in cluster {bundle.Cluster}, collected {bundle.CollectedAt:u}");
        var view = new { rules.RootCause, rules.Findings, rules.Actions };
        text.Append("\n\nThe rules' diagnosis:\n").Append(JsonSerializer.Serialize(view, Json));
        return text.ToString();
    }

    /// <summary>
    /// Cuts by characters first, so a megabyte of JSON is never redacted and tokenized only to be thrown away. The cut is
    /// far enough out (32 characters a token) that <see cref="Cut"/> always removes it again, so a secret split by it
    /// and missed by redaction never reaches the prompt.
    /// </summary>
    private static string Prefilter(string item, int tokenCap)
    {
        var chars = tokenCap * 32;
        return item.Length <= chars ? item : item[..chars];
    }

    private static string Cut(string item, int tokenCap)
    {
        var index = O200k.Value.GetIndexByTokenCount(item, tokenCap - 4, out _, out _);
        return index >= item.Length ? item : item[..index] + " …(cut)";
    }
}
