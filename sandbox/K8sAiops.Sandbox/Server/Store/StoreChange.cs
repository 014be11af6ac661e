namespace K8sAiops.Sandbox.Server.Store;

/// <summary>What a write did to one object, in watch terms.</summary>
internal enum ChangeType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One change to one object: the revision of the write, the object after it (for a delete, the last state with the
/// delete's resourceVersion, as a watch reports it) and, for a modification, the object before.
/// </summary>
internal sealed record StoreChange(long Revision, ChangeType Type, StoredObject Object, StoredObject? Previous);
