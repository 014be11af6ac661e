using System.Text;

namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>One term of a field selector: <c>field=value</c>, <c>field==value</c> or <c>field!=value</c>.</summary>
internal sealed record FieldRequirement(string Field, bool Equal, string Value);

/// <summary>
/// A parsed <c>fieldSelector</c> (comma = AND, <c>\</c> escapes <c>\</c>, <c>,</c> and <c>=</c> in values). Which fields
/// a kind supports is <see cref="SelectableFields"/>' business; the syntax and messages are the API server's.
/// </summary>
internal sealed class FieldSelector(IReadOnlyList<FieldRequirement> requirements)
{
    private static readonly string[] Operators = ["!=", "==", "="];

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; } = requirements;

    public bool IsEmpty => Requirements.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var term in SplitTerms(text))
        {
            if (term.Length == 0)
            {
                continue;
            }

            requirements.Add(ParseTerm(text, term));
        }

        return new FieldSelector(requirements);
    }

    private static FieldRequirement ParseTerm(string selector, string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0)
                {
                    return new FieldRequirement(term[..i], op != "!=", Unescape(term[(i + op.Length)..]));
                }
            }
        }

        throw new SelectorException($"invalid selector: '{selector}'; can't understand '{term}'");
    }

    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                if (value[i] is ',' or '=')
                {
                    throw new SelectorException($"invalid field selector: unescaped '{value[i]}' in value '{value}'");
                }

                result.Append(value[i]);
                continue;
            }

            if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ',' or '='))
            {
                throw new SelectorException($"invalid field selector: invalid escape sequence in value '{value}'");
            }

            result.Append(value[++i]);
        }

        return result.ToString();
    }
}
