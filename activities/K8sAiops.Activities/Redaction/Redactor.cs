using System.Text;
using System.Text.RegularExpressions;

namespace K8sAiops.Activities.Redaction;

/// <summary>
/// Masks secrets in logs, events and other text before an LLM or a chat message sees them: a secret becomes a marker
/// such as <c>[REDACTED:bearer-token]</c> while the key, header name, user and host around it stay readable.
/// Ordinary log text (Kubernetes events, stack traces, digests, UUIDs, URLs without credentials, the word "password"
/// in prose) comes out byte for byte unchanged. See <see cref="SecretRules"/> for the shapes recognised.
/// </summary>
/// <remarks>
/// All shapes form one alternation. The non-backtracking engine finds the matches, so finding takes time linear in the
/// input whatever it contains (no catastrophic backtracking on hostile log lines); the compiled backtracking engine then
/// reads the groups of each match within that match's span only, which is much cheaper than asking the non-backtracking
/// engine for captures. A megabyte of logs takes milliseconds. Thread-safe; use <see cref="Default"/> or one instance from DI.
/// </remarks>
public sealed class Redactor
{
    private static readonly string Alternation = string.Join('|', SecretRules.All.Select(rule => rule.Pattern));

    private static readonly Regex Finder = new(
        Alternation, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private static readonly Regex Reader = new(
        $@"\G(?:{Alternation})", RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private static readonly (int Number, SecretGroup Group, int KeyNumber)[] Groups =
    [
        .. SecretRules.All
            .SelectMany(rule => rule.Groups)
            .Select(g => (
                Reader.GroupNumberFromName(g.Name),
                g,
                g.KeyGroup is null ? -1 : Reader.GroupNumberFromName(g.KeyGroup))),
    ];

    public static Redactor Default { get; } = new();

    /// <summary>The marker that replaces a secret of <paramref name="kind"/>.</summary>
    public static string Marker(string kind) => $"[REDACTED:{kind}]";

    /// <summary>The text with every recognised secret replaced by its marker.</summary>
    public string Redact(string text) => RedactWithCount(text).Text;

    /// <summary>The redacted text, how many secrets were masked and of which kinds.</summary>
    public RedactionResult RedactWithCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? output = null;
        List<string>? kinds = null;
        var count = 0;
        var copied = 0;
        foreach (var found in Finder.EnumerateMatches(text))
        {
            if (Secret(text, Read(text, found)) is not { } secret)
            {
                continue;
            }

            var (start, length, kind) = secret;
            output ??= new StringBuilder(text.Length);
            kinds ??= [];
            output.Append(text, copied, start - copied).Append(Marker(kind));
            copied = start + length;
            count++;
            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }

        if (output is null || kinds is null)
        {
            return RedactionResult.Unchanged(text);
        }

        output.Append(text, copied, text.Length - copied);
        return new RedactionResult(output.ToString(), count, kinds);
    }

    /// <summary>The groups of a match the finder found, read within its span (the finder itself if the engines disagree).</summary>
    private static Match Read(string text, ValueMatch found)
    {
        var match = Reader.Match(text, found.Index, found.Length);
        return match.Success && match.Index == found.Index && match.Length == found.Length
            ? match
            : Finder.Match(text, found.Index);
    }

    /// <summary>Where the secret in a match is and what kind it is; null when the match turns out not to be one.</summary>
    private static (int Start, int Length, string Kind)? Secret(string text, Match match)
    {
        foreach (var (number, group, keyNumber) in Groups)
        {
            var value = match.Groups[number];
            if (!value.Success)
            {
                continue;
            }

            if (value.Length == 0 || value.ValueSpan.StartsWith("[REDACTED:", StringComparison.Ordinal))
            {
                return null;
            }

            if (keyNumber < 0)
            {
                return (value.Index, value.Length, group.Kind!);
            }

            var key = match.Groups[keyNumber];
            var quoted = value.Index > 0 && text[value.Index - 1] is '"' or '\'';
            return KeyValueJudge.ShouldMask(text, key, value, quoted)
                ? (value.Index, value.Length, group.Kind ?? KeyValueJudge.KindOf(text, key))
                : null;
        }

        return null;
    }
}
