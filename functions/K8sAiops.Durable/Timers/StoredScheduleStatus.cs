namespace K8sAiops.Durable.Timers;

/// <summary>A timer's schedule status as read from a store, with the ETag that guards the next update.</summary>
/// <param name="Status">The status, or <see langword="null"/> when the timer has never recorded one.</param>
/// <param name="ETag">The version read; <see langword="null"/> when nothing is stored yet.</param>
public sealed record StoredScheduleStatus(ScheduleStatus? Status, string? ETag);
