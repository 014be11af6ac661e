namespace K8sAiops.Durable.Tests;

/// <summary>The system clock shifted by a fixed offset: a host whose clock says it is days later, timers still real.</summary>
public sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
