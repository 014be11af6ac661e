namespace K8sAiops.Activities.Notify;

/// <summary>The severities a card has and a channel filters on, least to most urgent.</summary>
public static class ChatSeverities
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    public static IReadOnlyList<string> All { get; } = [Info, Warning, Critical];

    /// <summary>0 for info, 1 for warning, 2 for critical; an unknown severity counts as warning.</summary>
    public static int Rank(string? severity) => severity?.Trim().ToLowerInvariant() switch
    {
        Info => 0,
        Critical => 2,
        _ => 1,
    };

    public static bool IsKnown(string? severity) => severity is not null && All.Contains(severity.Trim().ToLowerInvariant());
}
