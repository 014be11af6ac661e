namespace K8sAiops.Activities.Inspect.Checks;

/// <summary>The API's timestamps (UTC <see cref="DateTime"/>s from the client's models) as instants the checks compare with now.</summary>
internal static class Times
{
    /// <summary>The instant; an Unspecified kind is read as UTC, as the API writes every timestamp.</summary>
    public static DateTimeOffset AsUtc(this DateTime time) =>
        time.Kind == DateTimeKind.Local ? new DateTimeOffset(time.ToUniversalTime()) : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
