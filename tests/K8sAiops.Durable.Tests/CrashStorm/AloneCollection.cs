namespace K8sAiops.Durable.Tests.CrashStorm;

/// <summary>
/// Tests that load the machine (several host processes killed and restarted) run after the parallel ones, on their
/// own, so that they neither slow the timing-sensitive tests (timer triggers, lease deadlines) nor are slowed by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
