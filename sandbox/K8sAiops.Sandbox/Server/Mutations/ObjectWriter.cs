using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Controllers;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Mutations;

/// <summary>
/// The API server's write path, shared by POST, PUT, PATCH, DELETE and the scale subresource: identity checks,
/// resourceVersion preconditions, server-owned fields (uid, creation time, status of kinds with a status subresource),
/// generation, validation, then the controllers' reaction (<see cref="Reconciler"/>).
/// </summary>
internal static class ObjectWriter
{
    public static StoredObject Create(StoreTransaction tx, ResourceKind kind, string? @namespace, JsonObject obj)
    {
        if (obj.StringAt("kind") is { Length: > 0 } bodyKind && bodyKind != kind.Kind)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {kind.Kind}): kind \"{bodyKind}\" in the body");
        }

        var metadata = obj.Metadata();
        if (kind.Namespaced)
        {
            if (metadata.StringAt("namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != @namespace)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = @namespace;
        }
        else
        {
            metadata.Remove("namespace");
        }

        var ns = kind.Namespaced ? @namespace ?? "" : "";
        if (string.IsNullOrEmpty(metadata.StringAt("name")))
        {
            if (metadata.StringAt("generateName") is not { Length: > 0 } prefix)
            {
                throw ApiErrors.Invalid(kind, "", FieldError.Required("metadata.name", "name or generateName is required"));
            }

            metadata["name"] = Names.Generate(prefix, n => tx.Get(kind, ns, n) is not null);
        }

        var name = metadata.StringAt("name")!;
        if (kind.Namespaced && tx.Get(ResourceKinds.Namespace, "", ns) is null)
        {
            throw ApiErrors.NotFound(ResourceKinds.Namespace, ns);
        }

        if (tx.Get(kind, ns, name) is not null)
        {
            throw ApiErrors.AlreadyExists(kind, name);
        }

        foreach (var serverOwned in new[] { "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation", "selfLink" })
        {
            metadata.Remove(serverOwned);
        }

        ObjectDefaults.Apply(kind, obj, tx.Now);
        Validation.ValidateCreate(kind, obj);
        if (kind == ResourceKinds.Pod && obj["status"] is null)
        {
            return PodFactory.Start(tx, obj);
        }

        var stored = tx.Put(kind, obj);
        if (tx.DryRun)
        {
            return stored; // the object as it would be stored, before any controller saw it (see Update)
        }

        Reconciler.AfterCreate(tx, stored);
        return tx.Get(kind, stored.Key) ?? stored;
    }

    /// <summary>Replaces the object at <paramref name="key"/> with what <paramref name="change"/> makes of a copy of it.</summary>
    public static StoredObject Update(StoreTransaction tx, ResourceKind kind, ObjectKey key, Func<JsonObject, JsonObject> change)
    {
        var existing = tx.Get(kind, key) ?? throw ApiErrors.NotFound(kind, key.Name);
        var updated = change(existing.ToNode());
        var metadata = updated.Metadata();
        if (metadata.StringAt("name") is var bodyName && bodyName != key.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({key.Name})");
        }

        if (kind.Namespaced && metadata.StringAt("namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != key.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (metadata.StringAt("resourceVersion") is { Length: > 0 } precondition
            && precondition != existing.Json.StringAt("metadata", "resourceVersion"))
        {
            throw ApiErrors.StaleResourceVersion(kind, key.Name);
        }

        KeepServerOwnedFields(kind, existing.Json, updated);
        Validation.ValidateUpdate(kind, existing.Json, updated);
        if (JsonNode.DeepEquals(updated, existing.ToNode()))
        {
            return existing;
        }

        var stored = tx.Put(kind, updated);
        if (tx.DryRun)
        {
            // As the API server answers a dry run: the object as it would be stored. Controllers react to a write
            // only once it is stored (a Deployment's revision annotation, its status), so a dry run shows none of that.
            return stored;
        }

        Reconciler.AfterUpdate(tx, existing, stored);
        return tx.Get(kind, key) ?? stored;
    }

    public static StoredObject Delete(StoreTransaction tx, ResourceKind kind, ObjectKey key, DeleteOptions options)
    {
        var existing = tx.Get(kind, key) ?? throw ApiErrors.NotFound(kind, key.Name);
        if (options.Uid is { Length: > 0 } uid && uid != existing.Uid)
        {
            throw ApiErrors.Conflict(kind, key.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {existing.Uid}");
        }

        var rv = existing.Json.StringAt("metadata", "resourceVersion");
        if (options.ResourceVersion is { Length: > 0 } version && version != rv)
        {
            throw ApiErrors.Conflict(kind, key.Name, $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {rv}");
        }

        tx.Delete(kind, key);
        Reconciler.AfterDelete(tx, existing, options.Orphan);
        return existing;
    }

    private static void KeepServerOwnedFields(ResourceKind kind, JsonElement existing, JsonObject updated)
    {
        updated["apiVersion"] = kind.ApiVersion;
        updated["kind"] = kind.Kind;
        var metadata = updated.Metadata();
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "generation", "namespace" })
        {
            metadata.Remove(field);
            if (existing.At("metadata", field) is { } value)
            {
                metadata[field] = JsonNode.Parse(value.GetRawText());
            }
        }

        metadata["resourceVersion"] = existing.StringAt("metadata", "resourceVersion");
        if (KindTraits.HasStatusSubresource(kind))
        {
            updated.Remove("status");
            if (existing.At("status") is { } status)
            {
                updated["status"] = JsonNode.Parse(status.GetRawText());
            }
        }

        var specChanged = !JsonNode.DeepEquals(updated["spec"], existing.At("spec") is { } spec ? JsonNode.Parse(spec.GetRawText()) : null);
        if (KindTraits.HasGeneration(kind) && specChanged)
        {
            metadata["generation"] = (metadata.IntegerAt("generation") ?? 0) + 1;
        }
    }
}
