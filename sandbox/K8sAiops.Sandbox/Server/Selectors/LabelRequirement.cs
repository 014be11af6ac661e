using System.Globalization;

namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>The operators of a label selector requirement.</summary>
internal enum LabelOperator
{
    Exists,
    DoesNotExist,
    Equals,
    NotEquals,
    In,
    NotIn,
    GreaterThan,
    LessThan,
}

/// <summary>One comma-separated term of a label selector, e.g. <c>tier in (web,api)</c>.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlySet<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            LabelOperator.Equals or LabelOperator.In => has && Values.Contains(value!),
            LabelOperator.NotEquals or LabelOperator.NotIn => !has || !Values.Contains(value!),
            LabelOperator.GreaterThan => has && Compare(value!) > 0,
            LabelOperator.LessThan => has && Compare(value!) < 0,
            _ => false,
        };
    }

    private int Compare(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(Values.First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : 0;
}
