using System.Text.RegularExpressions;

namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>Validation of label keys (qualified names) and values, with the API server's messages.</summary>
internal static partial class LabelSyntax
{
    private const string NameMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string ValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and "
        + "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
        + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string PrefixMessage =
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    /// <summary>The error for an invalid label key, or null when it is a valid qualified name.</summary>
    public static string? ValidateKey(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        string name;
        if (parts.Length == 1)
        {
            name = parts[0];
        }
        else if (parts.Length == 2)
        {
            name = parts[1];
            if (parts[0].Length == 0)
            {
                errors.Add("prefix part must be non-empty");
            }
            else if (parts[0].Length > 253 || !Subdomain().IsMatch(parts[0]))
            {
                errors.Add(PrefixMessage);
            }
        }
        else
        {
            return $"invalid label key \"{key}\": a qualified name "
                + "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
                + "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else
        {
            if (name.Length > 63)
            {
                errors.Add("name part must be no more than 63 characters");
            }

            if (!Name().IsMatch(name))
            {
                errors.Add(NameMessage);
            }
        }

        return errors.Count == 0 ? null : $"invalid label key \"{key}\": {string.Join("; ", errors)}";
    }

    /// <summary>The error for an invalid label value, or null.</summary>
    public static string? ValidateValue(string key, string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add("must be no more than 63 characters");
        }

        if (!Value().IsMatch(value))
        {
            errors.Add(ValueMessage);
        }

        return errors.Count == 0 ? null : $"invalid label value: \"{value}\": at key: \"{key}\": {string.Join("; ", errors)}";
    }

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex Name();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex Value();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
