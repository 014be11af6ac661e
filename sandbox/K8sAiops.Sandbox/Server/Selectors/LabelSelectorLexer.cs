namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>The tokens of the label selector grammar.</summary>
internal enum LabelToken
{
    EndOfString,
    ClosedParenthesis,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenParenthesis,
}

/// <summary>Splits a label selector into tokens: runs of symbol characters (longest known symbol first), identifiers and the keywords <c>in</c>/<c>notin</c>.</summary>
internal static class LabelSelectorLexer
{
    private static readonly Dictionary<string, LabelToken> Symbols = new(StringComparer.Ordinal)
    {
        [")"] = LabelToken.ClosedParenthesis,
        [","] = LabelToken.Comma,
        ["!"] = LabelToken.DoesNotExist,
        ["=="] = LabelToken.DoubleEquals,
        ["="] = LabelToken.Equals,
        [">"] = LabelToken.GreaterThan,
        ["<"] = LabelToken.LessThan,
        ["!="] = LabelToken.NotEquals,
        ["("] = LabelToken.OpenParenthesis,
    };

    public static List<(LabelToken Token, string Text)> Tokenize(string text)
    {
        var tokens = new List<(LabelToken, string)>();
        var at = 0;
        while (true)
        {
            while (at < text.Length && IsWhitespace(text[at]))
            {
                at++;
            }

            if (at >= text.Length)
            {
                tokens.Add((LabelToken.EndOfString, ""));
                return tokens;
            }

            if (IsSymbol(text[at]))
            {
                var length = 1;
                while (at + length < text.Length && IsSymbol(text[at + length]) && Symbols.ContainsKey(text.Substring(at, length + 1)))
                {
                    length++;
                }

                var symbol = text.Substring(at, length);
                tokens.Add((Symbols[symbol], symbol));
                at += length;
                continue;
            }

            var start = at;
            while (at < text.Length && !IsSymbol(text[at]) && !IsWhitespace(text[at]))
            {
                at++;
            }

            var word = text[start..at];
            tokens.Add((word switch { "in" => LabelToken.In, "notin" => LabelToken.NotIn, _ => LabelToken.Identifier }, word));
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
