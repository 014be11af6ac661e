namespace K8sAiops.Durable.Storage;

/// <summary>The rule both stores apply before writing an instance row.</summary>
internal static class InstanceRows
{
    /// <summary>
    /// True when the stored row (at <paramref name="storedCheckpoint"/>, written for <paramref name="storedExecutionId"/>)
    /// is older than <paramref name="incoming"/>: an earlier checkpoint, or the same one of the same execution (a
    /// repair writes the same state again). A row at the same checkpoint but another execution is a client's
    /// re-creation of the instance, which the replaced execution must not overwrite.
    /// </summary>
    public static bool IsOlder(long storedCheckpoint, string? storedExecutionId, InstanceRecord incoming)
        => storedCheckpoint < incoming.Checkpoint
           || (storedCheckpoint == incoming.Checkpoint && string.Equals(storedExecutionId, incoming.ExecutionId, StringComparison.Ordinal));
}
