namespace K8sAiops.Sandbox.Server.Store;

/// <summary>
/// Where an object lives: its namespace (empty for cluster-scoped kinds) and name. Ordered by namespace, then name,
/// ordinally, which is the order of every list the server returns.
/// </summary>
internal readonly record struct ObjectKey(string Namespace, string Name) : IComparable<ObjectKey>
{
    public int CompareTo(ObjectKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary><c>namespace/name</c>, or <c>name</c> for a cluster-scoped object (the form continue tokens carry).</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "/" + Name;

    /// <summary>The inverse of <see cref="ToString"/>.</summary>
    public static ObjectKey Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ObjectKey("", text) : new ObjectKey(text[..slash], text[(slash + 1)..]);
    }

    public static bool operator <(ObjectKey left, ObjectKey right) => left.CompareTo(right) < 0;

    public static bool operator >(ObjectKey left, ObjectKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(ObjectKey left, ObjectKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ObjectKey left, ObjectKey right) => left.CompareTo(right) >= 0;
}
