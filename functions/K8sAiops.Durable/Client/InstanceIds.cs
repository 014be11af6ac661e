namespace K8sAiops.Durable.Client;

/// <summary>Rules for instance ids: they become table keys and URL path segments.</summary>
public static class InstanceIds
{
    public const int MaxLength = 256;

    /// <summary>Null when <paramref name="instanceId"/> is acceptable, else why not.</summary>
    public static string? Validate(string? instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId))
        {
            return "The instance id is empty.";
        }

        if (instanceId.Length > MaxLength)
        {
            return $"The instance id is {instanceId.Length} characters long; at most {MaxLength} are allowed.";
        }

        if (instanceId.Trim().Length != instanceId.Length)
        {
            return "The instance id starts or ends with white space.";
        }

        foreach (var c in instanceId)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return $"The instance id contains '{(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())}', which is not allowed (no / \\ # ? or control characters).";
            }
        }

        return null;
    }

    public static void ThrowIfInvalid(string? instanceId)
    {
        if (Validate(instanceId) is { } problem)
        {
            throw new ArgumentException(problem, nameof(instanceId));
        }
    }
}
