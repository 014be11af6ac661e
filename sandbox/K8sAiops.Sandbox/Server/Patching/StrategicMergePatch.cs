using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>
/// Kubernetes' strategic merge patch for built-in kinds: objects merge recursively, <c>null</c> removes a key, lists
/// follow <see cref="MergeKeys"/> (merged item by item on their merge key, or replaced), and the directives
/// <c>$patch: replace</c> / <c>$patch: delete</c> / <c>$patch: merge</c> (in objects and list items),
/// <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/FIELD</c> are honoured. <c>$setElementOrder</c> is accepted and ignored.
/// </summary>
internal static class StrategicMergePatch
{
    private const string Directive = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
    private const string SetElementOrder = "$setElementOrder/";

    public static JsonObject Apply(JsonObject original, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            throw new PatchException("json: cannot unmarshal array into Go value of type map[string]interface {}", unprocessable: false);
        }

        return MergeObject(original, patchObject, null) ?? new JsonObject();
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> (which may be modified); null when the patch deletes the object.</summary>
    private static JsonObject? MergeObject(JsonObject original, JsonObject patch, string? field)
    {
        switch (DirectiveOf(patch))
        {
            case "replace":
                return Strip(patch);
            case "delete":
                return null;
            case null or "merge":
                break;
            default:
                throw new PatchException($"Unknown patch type: {DirectiveOf(patch)} in map: {patch.ToJsonString()}", unprocessable: false);
        }

        foreach (var (key, value) in patch)
        {
            if (key is Directive or RetainKeys || key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                DeletePrimitives(original, key[DeleteFromPrimitiveList.Length..], value);
                continue;
            }

            if (value is null)
            {
                original.Remove(key);
                continue;
            }

            var existing = original[key];
            var merged = value switch
            {
                JsonObject patchChild => MergeObject(existing as JsonObject ?? new JsonObject(), patchChild, key),
                JsonArray patchList => MergeList(existing as JsonArray, patchList, field, key),
                _ => value.DeepClone(),
            };
            if (merged is null)
            {
                original.Remove(key);
            }
            else if (!ReferenceEquals(merged, existing))
            {
                original[key] = merged;
            }
        }

        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                original.Remove(key);
            }
        }

        return original;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, string? parentField, string field)
    {
        var (strategy, mergeKey) = MergeKeys.For(parentField, field);
        if (patch.OfType<JsonObject>().Any(item => DirectiveOf(item) == "replace"))
        {
            return new JsonArray(patch.OfType<JsonObject>().Where(item => DirectiveOf(item) != "replace").Select(item => (JsonNode?)Strip(item)).ToArray());
        }

        if (strategy == ListStrategy.MergePrimitives && original is not null)
        {
            var result = original.DeepClone().AsArray();
            foreach (var item in patch.Where(item => !result.Any(r => JsonNode.DeepEquals(r, item))))
            {
                result.Add(item?.DeepClone());
            }

            return result;
        }

        if (strategy != ListStrategy.MergeByKey)
        {
            return new JsonArray(patch.Where(item => item is not JsonObject o || DirectiveOf(o) != "delete")
                .Select(item => item is JsonObject o ? Strip(o) : item?.DeepClone()).ToArray());
        }

        var merged = original?.DeepClone().AsArray() ?? [];
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                throw new PatchException($"merging an object in json but data type is not map, orig is a slice with merge key \"{mergeKey}\"", unprocessable: false);
            }

            var keyValue = patchItem[mergeKey!] ?? throw new PatchException(
                $"map: {patchItem.ToJsonString()} does not contain declared merge key: {mergeKey}", unprocessable: false);
            var index = IndexOf(merged, mergeKey!, keyValue);
            if (DirectiveOf(patchItem) == "delete")
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                var target = merged[index] as JsonObject ?? new JsonObject();
                var result = MergeObject(target, patchItem, field);
                if (result is null)
                {
                    merged.RemoveAt(index);
                }
                else if (!ReferenceEquals(result, merged[index]))
                {
                    merged[index] = result;
                }
            }
            else
            {
                merged.Add(MergeObject(new JsonObject(), patchItem, field));
            }
        }

        return merged;
    }

    private static void DeletePrimitives(JsonObject original, string field, JsonNode? values)
    {
        if (original[field] is not JsonArray list || values is not JsonArray remove)
        {
            return;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (remove.Any(r => JsonNode.DeepEquals(r, list[i])))
            {
                list.RemoveAt(i);
            }
        }
    }

    private static int IndexOf(JsonArray list, string key, JsonNode value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && JsonNode.DeepEquals(item[key], value))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? DirectiveOf(JsonObject obj) =>
        obj[Directive] is JsonValue value && value.TryGetValue<string>(out var directive) ? directive : null;

    /// <summary>A copy of <paramref name="obj"/> without directives, at any depth.</summary>
    private static JsonObject Strip(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is Directive or RetainKeys || key.StartsWith(SetElementOrder, StringComparison.Ordinal)
                || key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                continue;
            }

            copy[key] = value switch
            {
                JsonObject child => Strip(child),
                JsonArray list => new JsonArray(list.Select(item => item is JsonObject o ? Strip(o) : item?.DeepClone()).ToArray()),
                _ => value?.DeepClone(),
            };
        }

        return copy;
    }
}
