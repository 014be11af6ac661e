using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>Owner references: who controls an object, and the reference a controller puts on what it creates.</summary>
internal static class Owners
{
    /// <summary>The controlling owner (<c>controller: true</c>, else the first owner) of <paramref name="obj"/>, as (kind, name, uid).</summary>
    public static (string Kind, string Name, string? Uid)? ControllerOf(JsonElement obj)
    {
        var references = obj.ItemsAt("metadata", "ownerReferences").ToList();
        var reference = references.FirstOrDefault(r => r.At("controller") is { ValueKind: JsonValueKind.True });
        if (reference.ValueKind != JsonValueKind.Object)
        {
            reference = references.FirstOrDefault();
        }

        return reference.ValueKind == JsonValueKind.Object && reference.StringAt("kind") is { } kind && reference.StringAt("name") is { } name
            ? (kind, name, reference.StringAt("uid"))
            : null;
    }

    /// <summary>Whether <paramref name="owner"/> controls <paramref name="obj"/> (by uid, or by kind and name when the uids do not line up).</summary>
    public static bool IsControlledBy(JsonElement obj, StoredObject owner) =>
        ControllerOf(obj) is { } reference
        && reference.Kind == owner.Kind.Kind
        && (reference.Uid is { Length: > 0 } uid && owner.Uid is { Length: > 0 } ownerUid
            ? uid == ownerUid
            : reference.Name == owner.Name);

    /// <summary>Whether any owner reference of <paramref name="obj"/> has <paramref name="uid"/>.</summary>
    public static bool References(JsonElement obj, string uid) =>
        obj.ItemsAt("metadata", "ownerReferences").Any(r => r.StringAt("uid") == uid);

    /// <summary>The objects of <paramref name="kind"/> in the owner's namespace that it controls.</summary>
    public static IEnumerable<StoredObject> Controlled(StoreTransaction tx, ResourceKind kind, StoredObject owner) =>
        tx.List(kind, owner.Namespace).Where(o => IsControlledBy(o.Json, owner));

    /// <summary>The reference a controller sets on an object it creates.</summary>
    public static JsonArray ReferenceTo(StoredObject owner) =>
    [
        new JsonObject
        {
            ["apiVersion"] = owner.Kind.ApiVersion,
            ["kind"] = owner.Kind.Kind,
            ["name"] = owner.Name,
            ["uid"] = owner.Uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        },
    ];
}
