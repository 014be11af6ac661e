using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Lists;

/// <summary>One answer to a list request: the items and the list's <c>metadata</c>.</summary>
/// <param name="Items">The matching objects of this page, in namespace-then-name order.</param>
/// <param name="ResourceVersion">The revision the list was read at.</param>
/// <param name="Continue">The token for the next page, or null on the last.</param>
/// <param name="RemainingItemCount">How many objects follow this page; only when the list is not filtered by selectors (as on the API server).</param>
internal sealed record ListPage(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
