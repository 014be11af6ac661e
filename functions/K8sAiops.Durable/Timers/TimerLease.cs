namespace K8sAiops.Durable.Timers;

/// <summary>A host's lease on one timer: while it holds it, that host alone runs the timer.</summary>
/// <param name="TimerName">The timer leased.</param>
/// <param name="HostId">The host holding the lease.</param>
/// <param name="LeaseId">The store's id for this lease (a GUID for blob leases).</param>
/// <param name="Duration">How long the lease lasts unless renewed.</param>
public sealed record TimerLease(string TimerName, string HostId, string LeaseId, TimeSpan Duration);
