using System.Globalization;

namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>
/// Recursive-descent parser for label selectors, following the API server's grammar and reporting its messages
/// (a failure inside one requirement reads <c>unable to parse requirement: …</c>).
/// </summary>
internal sealed class LabelSelectorParser(string text)
{
    private readonly List<(LabelToken Token, string Text)> tokens = LabelSelectorLexer.Tokenize(text);
    private int position;

    public List<LabelRequirement> Parse()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Peek(values: true);
            switch (token)
            {
                case LabelToken.Identifier or LabelToken.DoesNotExist:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (SelectorException e)
                    {
                        throw new SelectorException("unable to parse requirement: " + e.Message);
                    }

                    var (next, nextLiteral) = Take(values: true);
                    if (next == LabelToken.EndOfString)
                    {
                        return requirements;
                    }

                    if (next != LabelToken.Comma)
                    {
                        throw new SelectorException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    var (after, afterLiteral) = Peek(values: true);
                    if (after is not (LabelToken.Identifier or LabelToken.DoesNotExist))
                    {
                        throw new SelectorException($"found '{afterLiteral}', expected: identifier after ','");
                    }

                    break;
                case LabelToken.EndOfString:
                    return requirements;
                default:
                    throw new SelectorException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, inferred) = ParseKeyAndInferOperator();
        if (inferred is { } existence)
        {
            return Requirement(key, existence, []);
        }

        var op = ParseOperator();
        var values = op is LabelOperator.In or LabelOperator.NotIn ? ParseValues() : ParseExactValue();
        return Requirement(key, op, values);
    }

    private (string Key, LabelOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelOperator? op = null;
        var (token, literal) = Take(values: true);
        if (token == LabelToken.DoesNotExist)
        {
            op = LabelOperator.DoesNotExist;
            (token, literal) = Take(values: true);
        }

        if (token != LabelToken.Identifier)
        {
            throw new SelectorException($"found '{literal}', expected: identifier");
        }

        if (LabelSyntax.ValidateKey(literal) is { } keyError)
        {
            throw new SelectorException(keyError);
        }

        if (Peek(values: true).Token is LabelToken.EndOfString or LabelToken.Comma && op is null)
        {
            op = LabelOperator.Exists;
        }

        return (literal, op);
    }

    private LabelOperator ParseOperator()
    {
        var (token, literal) = Take(values: false);
        return token switch
        {
            LabelToken.In => LabelOperator.In,
            LabelToken.Equals or LabelToken.DoubleEquals => LabelOperator.Equals,
            LabelToken.GreaterThan => LabelOperator.GreaterThan,
            LabelToken.LessThan => LabelOperator.LessThan,
            LabelToken.NotIn => LabelOperator.NotIn,
            LabelToken.NotEquals => LabelOperator.NotEquals,
            _ => throw new SelectorException($"found '{literal}', expected: '=', '!=', '==', 'in', notin'"),
        };
    }

    private HashSet<string> ParseValues()
    {
        var (token, literal) = Take(values: true);
        if (token != LabelToken.OpenParenthesis)
        {
            throw new SelectorException($"found '{literal}' expected: '('");
        }

        (token, literal) = Peek(values: true);
        switch (token)
        {
            case LabelToken.Identifier or LabelToken.Comma:
                var values = ParseIdentifiers();
                if (Take(values: true).Token != LabelToken.ClosedParenthesis)
                {
                    throw new SelectorException($"found '{literal}', expected: ')'");
                }

                return values;
            case LabelToken.ClosedParenthesis:
                Take(values: true);
                return [""];
            default:
                throw new SelectorException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    private HashSet<string> ParseIdentifiers()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Take(values: true);
            switch (token)
            {
                case LabelToken.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Peek(values: true);
                    if (next == LabelToken.ClosedParenthesis)
                    {
                        return values;
                    }

                    if (next != LabelToken.Comma)
                    {
                        throw new SelectorException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                    break;
                case LabelToken.Comma:
                    if (values.Count == 0)
                    {
                        values.Add("");
                    }

                    var following = Peek(values: true).Token;
                    if (following == LabelToken.ClosedParenthesis)
                    {
                        values.Add("");
                        return values;
                    }

                    if (following == LabelToken.Comma)
                    {
                        Take(values: true);
                        values.Add("");
                    }

                    break;
                default:
                    throw new SelectorException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private HashSet<string> ParseExactValue()
    {
        if (Peek(values: true).Token is LabelToken.EndOfString or LabelToken.Comma)
        {
            return [""];
        }

        var (token, literal) = Take(values: true);
        return token == LabelToken.Identifier ? [literal] : throw new SelectorException($"found '{literal}', expected: identifier");
    }

    private static LabelRequirement Requirement(string key, LabelOperator op, HashSet<string> values)
    {
        switch (op)
        {
            case LabelOperator.In or LabelOperator.NotIn when values.Count == 0:
                throw new SelectorException("for 'in', 'notin' operators, values set can't be empty");
            case LabelOperator.Equals or LabelOperator.NotEquals when values.Count != 1:
                throw new SelectorException("exact-match compatibility requires one single value");
            case LabelOperator.Exists or LabelOperator.DoesNotExist when values.Count != 0:
                throw new SelectorException("values set must be empty for exists and does not exist");
            case LabelOperator.GreaterThan or LabelOperator.LessThan:
                if (values.Count != 1)
                {
                    throw new SelectorException("for 'Gt', 'Lt' operators, exactly one value is required");
                }

                if (!long.TryParse(values.First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    throw new SelectorException("for 'Gt', 'Lt' operators, the value must be an integer");
                }

                break;
        }

        foreach (var value in values)
        {
            if (LabelSyntax.ValidateValue(key, value) is { } valueError)
            {
                throw new SelectorException(valueError);
            }
        }

        return new LabelRequirement(key, op, values);
    }

    private (LabelToken Token, string Text) Peek(bool values) => AsContext(tokens[position], values);

    private (LabelToken Token, string Text) Take(bool values) => AsContext(tokens[position++], values);

    /// <summary>Where values are expected, the keywords <c>in</c> and <c>notin</c> are plain identifiers.</summary>
    private static (LabelToken Token, string Text) AsContext((LabelToken Token, string Text) item, bool values) =>
        values && item.Token is LabelToken.In or LabelToken.NotIn ? (LabelToken.Identifier, item.Text) : item;
}
