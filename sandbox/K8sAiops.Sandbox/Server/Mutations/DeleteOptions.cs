namespace K8sAiops.Sandbox.Server.Mutations;

/// <summary>The parts of a <c>DeleteOptions</c> the sandbox honours: preconditions and whether dependents are orphaned.</summary>
internal sealed record DeleteOptions(string? Uid, string? ResourceVersion, bool Orphan);
