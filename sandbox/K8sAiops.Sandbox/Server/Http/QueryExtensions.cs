using System.Globalization;
using K8sAiops.Sandbox.Server.Errors;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>Typed reads of query parameters; a malformed number answers 400 like the API server's parameter decoding.</summary>
internal static class QueryExtensions
{
    public static string? Text(this IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public static bool Flag(this IQueryCollection query, string name) =>
        query.Text(name) is { } value && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    public static long? Integer(this IQueryCollection query, string name)
    {
        if (query.Text(name) is not { Length: > 0 } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiErrors.BadRequest($"invalid value for {name}: strconv.ParseInt: parsing \"{text}\": invalid syntax");
    }

    /// <summary>Whether the request asks for <c>dryRun=All</c> (any other value is 400, as on the API server).</summary>
    public static bool DryRun(this IQueryCollection query)
    {
        if (!query.TryGetValue("dryRun", out var values) || values.Count == 0)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (value != "All")
            {
                throw ApiErrors.BadRequest($"Invalid dry run value: [{value}]: Unsupported value: \"{value}\": supported values: \"All\"");
            }
        }

        return true;
    }
}
