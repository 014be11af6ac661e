namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>The cuttable text of a card: what <see cref="CardFitter"/> shortens until a platform's limit is met.</summary>
/// <param name="Shortened">True when anything was cut; renderers then say so next to the full-report link.</param>
internal sealed record CardContent(string Title, string Summary, IReadOnlyList<ChatFact> Facts, IReadOnlyList<string> Lines, bool Shortened);

/// <summary>
/// Fits a card under a platform's limit by cutting, in order: detail lines (from the end), the summary, facts, the
/// title. Buttons and the full-report link are never cut: renderers add them around whatever content is left.
/// </summary>
internal static class CardFitter
{
    /// <summary>Longest detail line a chat card shows; longer ones end in an ellipsis.</summary>
    public const int MaxLineChars = 1000;

    /// <summary>Longest fact value a chat card shows.</summary>
    public const int MaxFactChars = 300;

    public static T Fit<T>(ChatMessage message, Func<CardContent, T> render, Func<T, bool> fits)
    {
        var facts = message.Facts.Select(f => new ChatFact(OneLine(Clip(f.Title, 60)), OneLine(Clip(f.Value, MaxFactChars)))).ToList();
        var lines = message.Lines.Select(l => Clip(l, MaxLineChars)).ToList();
        var clipped = facts.Zip(message.Facts).Any(p => p.First != p.Second) || lines.Zip(message.Lines).Any(p => p.First != p.Second);
        var full = new CardContent(OneLine(message.Title), message.Summary.Trim(), facts, lines, clipped);
        var card = render(full);
        if (fits(card))
            return card;

        var shortened = full with { Shortened = true };
        if (Largest(lines.Count, n => render(shortened with { Lines = lines[..n] }), fits) is { } fewerLines)
            return fewerLines;
        var noLines = shortened with { Lines = [] };
        if (Largest(noLines.Summary.Length, n => render(noLines with { Summary = Cut(noLines.Summary, n) }), fits) is { } shorterSummary)
            return shorterSummary;
        var noSummary = noLines with { Summary = "" };
        if (Largest(facts.Count, n => render(noSummary with { Facts = facts[..n] }), fits) is { } fewerFacts)
            return fewerFacts;
        var bare = noSummary with { Facts = [] };
        return Largest(bare.Title.Length, n => render(bare with { Title = Cut(bare.Title, n) }), fits) ?? render(bare with { Title = "" });
    }

    /// <summary>The text cut to <paramref name="max"/> characters, an ellipsis marking the cut; never splits a surrogate pair.</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max)
            return text;
        return max <= 1 ? "…"[..Math.Max(max, 0)] : Cut(text, max - 1);
    }

    /// <summary>The first <paramref name="length"/> characters and an ellipsis (empty for 0).</summary>
    private static string Cut(string text, int length)
    {
        if (length <= 0)
            return "";
        if (length >= text.Length)
            return text;
        if (char.IsHighSurrogate(text[length - 1]))
            length--;
        return text[..length].TrimEnd() + "…";
    }

    /// <summary>Newlines and tabs as spaces: titles and facts are one line on every platform.</summary>
    public static string OneLine(string text)
        => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The rendering for the largest n in [0, max] that fits (size grows with n), or null when even 0 does not.</summary>
    private static T? Largest<T>(int max, Func<int, T> build, Func<T, bool> fits)
    {
        var best = build(0);
        if (!fits(best))
            return default;
        int low = 0, high = max;
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            var candidate = build(mid);
            if (fits(candidate))
            {
                low = mid;
                best = candidate;
            }
            else
            {
                high = mid - 1;
            }
        }
        return best;
    }
}
