using System.Globalization;
using K8sAiops.Durable;

namespace K8sAiops.Functions.Management;

/// <summary>Reads the management API's query parameters; the first malformed one is kept in <see cref="Error"/>.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    public string? Error { get; private set; }

    public bool Flag(string name, bool fallback)
    {
        if (Raw(name) is not { } text)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        return Fail(name, text, "true or false", fallback);
    }

    public DateTimeOffset? Time(string name)
    {
        if (Raw(name) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        return Fail<DateTimeOffset?>(name, text, "an ISO 8601 time such as 2025-01-31T00:00:00Z", null);
    }

    public int? PositiveInt(string name)
    {
        if (Raw(name) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        return Fail<int?>(name, text, "a whole number greater than 0", null);
    }

    /// <summary>A comma list of runtime status names (case-insensitive).</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses(string name)
    {
        if (Raw(name) is not { } text)
        {
            return null;
        }

        var statuses = new HashSet<OrchestrationRuntimeStatus>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(part, out _))
            {
                return Fail<IReadOnlyCollection<OrchestrationRuntimeStatus>?>(
                    name, part, $"one or more of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}", null);
            }

            statuses.Add(status);
        }

        return statuses.Count == 0 ? null : statuses;
    }

    public string? Text(string name) => Raw(name);

    private string? Raw(string name)
    {
        var values = query[name];
        return values.Count == 0 || string.IsNullOrWhiteSpace(values[^1]) ? null : values[^1]!.Trim();
    }

    private T Fail<T>(string name, string text, string expected, T fallback)
    {
        Error ??= $"Query parameter '{name}' has the value '{text}', but it must be {expected}.";
        return fallback;
    }

    private bool Fail(string name, string text, string expected, bool fallback) => Fail<bool>(name, text, expected, fallback);
}
