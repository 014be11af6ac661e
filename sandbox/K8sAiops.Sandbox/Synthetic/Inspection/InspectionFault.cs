namespace K8sAiops.Sandbox.Synthetic;

/// <summary>What <see cref="InspectionFaults.Inject"/> put into a snapshot, for tests to check an inspection against.</summary>
/// <param name="Check">The inspection check it trips, e.g. <c>latest-image</c>.</param>
/// <param name="Resource">The object that check's finding names (kind, namespace, name; for <c>warning-events</c> the kind is Event and the name the reason).</param>
/// <param name="Companions">
/// Other checks the same state trips by right, because it is their evidence too: a stuck rollout has a cause the
/// diagnosis rules name, and a CronJob whose last Job failed is that Job's <c>job-failed</c>. Empty for most.
/// </param>
/// <param name="Evidence">Short notes of what the fault put where, for test messages.</param>
public sealed record InspectionFault(string Check, ResourceRef Resource, IReadOnlyList<string> Companions, IReadOnlyList<string> Evidence);
