using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// Turns one parsed <c>kubectl get -o json</c> List into snapshot objects, checking it holds what its place says.
/// </summary>
internal static class SnapshotLists
{
    /// <summary>Where a List was read from.</summary>
    /// <param name="File">The file, for messages.</param>
    /// <param name="Line">The line the List starts on (single-stream form), for messages.</param>
    /// <param name="FileKind">The kind the file's name promises (directory form); null in the single-stream form.</param>
    /// <param name="FolderNamespace">The namespace folder the file is in, filled into objects that lack one.</param>
    internal readonly record struct Origin(string File, int? Line, ResourceKind? FileKind, string? FolderNamespace);

    /// <summary>Validates <paramref name="root"/> and moves its items into <paramref name="into"/>.</summary>
    public static void AddItems(JsonNode? root, Origin origin, List<JsonObject> into)
    {
        if (root is not JsonObject list)
        {
            throw Error(origin, "$", $"expected a JSON object (a List), found {Describe(root)}");
        }

        var listKind = Text(list["kind"]);
        if (listKind is not null && listKind != "List" && !listKind.EndsWith("List", StringComparison.Ordinal))
        {
            // A single object (kubectl get KIND NAME -o json) rather than a List: accept it as a List of one.
            list = new JsonObject { ["kind"] = "List", ["apiVersion"] = "v1", ["items"] = new JsonArray(list) };
            listKind = "List";
        }

        var typed = TypedKind(list, listKind, origin);
        if (listKind is not null && listKind != "List" && typed is null)
        {
            return; // A List of a kind the sandbox does not serve, in a single-stream dump: not ours to read.
        }

        if (list["items"] is null)
        {
            return; // An empty List: Go prints a nil slice as null (and some writers leave items out).
        }

        if (list["items"] is not JsonArray items)
        {
            throw Error(origin, "$.items", $"expected an array of objects, found {Describe(list["items"])}");
        }

        var expected = typed ?? origin.FileKind;
        for (var i = 0; i < items.Count; i++)
        {
            if (AcceptItem(items[i], i, expected, typed, origin) is { } item)
            {
                into.Add(item);
            }
        }

        items.Clear(); // Detaches the items from the List so each object stands alone.
    }

    private static ResourceKind? TypedKind(JsonObject list, string? listKind, Origin origin)
    {
        if (listKind is null || listKind == "List")
        {
            return null;
        }

        var kind = ResourceKinds.FindByKind(listKind[..^"List".Length]);
        if (origin.FileKind is { } fileKind && kind != fileKind)
        {
            throw Error(origin, "$.kind", $"the file holds a {listKind}, but {fileKind.FileName} holds {fileKind.ListKind} (or a List of {fileKind.Kind})");
        }

        var listApiVersion = Text(list["apiVersion"]);
        if (kind is not null && listApiVersion is not null && listApiVersion != kind.ApiVersion)
        {
            throw Error(origin, "$.apiVersion", $"{listKind} in {listApiVersion} is not served; the sandbox serves {kind.Kind} as {kind.ApiVersion}");
        }

        return kind;
    }

    private static JsonObject? AcceptItem(JsonNode? node, int index, ResourceKind? expected, ResourceKind? typed, Origin origin)
    {
        var path = $"$.items[{index}]";
        if (node is not JsonObject item)
        {
            throw Error(origin, path, $"expected an object, found {Describe(node)}");
        }

        var kindName = Text(item["kind"]);
        ResourceKind kind;
        if (kindName is null)
        {
            kind = expected ?? throw Error(origin, path + ".kind", "the item has no kind, and a generic List in a single-stream dump does not say which kind it holds");
        }
        else
        {
            var found = ResourceKinds.FindByKind(kindName);
            if (expected is not null && found != expected)
            {
                var holder = origin.FileKind is not null ? origin.FileKind.FileName : typed!.ListKind;
                throw Error(origin, path + ".kind", $"the item is a {kindName}, but {holder} holds {expected.Kind} objects");
            }

            if (found is null)
            {
                return null; // An item of a kind the sandbox does not serve, in a generic List of a single-stream dump.
            }

            kind = found;
        }

        var apiVersion = Text(item["apiVersion"]);
        if (apiVersion is not null && apiVersion != kind.ApiVersion)
        {
            throw Error(origin, path + ".apiVersion", $"{kind.Kind} in {apiVersion} is not served; the sandbox serves {kind.Kind} as {kind.ApiVersion}");
        }

        if (item["metadata"] is not JsonObject metadata || string.IsNullOrEmpty(Text(metadata["name"])))
        {
            throw Error(origin, path + ".metadata.name", $"the {kind.Kind} has no metadata.name");
        }

        if (kind.Namespaced)
        {
            FillNamespace(metadata, path, origin);
        }

        if (kindName is null)
        {
            item.Insert(0, "kind", kind.Kind);
        }

        if (apiVersion is null)
        {
            item.Insert(0, "apiVersion", kind.ApiVersion);
        }

        return item;
    }

    private static void FillNamespace(JsonObject metadata, string path, Origin origin)
    {
        var ns = Text(metadata["namespace"]);
        if (string.IsNullOrEmpty(ns))
        {
            if (origin.FolderNamespace is null)
            {
                throw Error(origin, path + ".metadata.namespace", "the object has no metadata.namespace, and a single-stream dump has no folder to take it from");
            }

            metadata["namespace"] = origin.FolderNamespace;
        }
        else if (origin.FolderNamespace is not null && ns != origin.FolderNamespace)
        {
            throw Error(origin, path + ".metadata.namespace", $"the object is in namespace '{ns}' but its file is in the folder of namespace '{origin.FolderNamespace}'");
        }
    }

    /// <summary>The string a JSON node holds, or null when it is absent or not a string.</summary>
    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonArray => "an array",
        JsonObject => "an object",
        _ => $"the value {node.ToJsonString()}",
    };

    private static SnapshotFormatException Error(Origin origin, string jsonPath, string problem) =>
        new(origin.File, problem, origin.Line, jsonPath: jsonPath);
}
