using System.Globalization;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>
/// RFC 6902 JSON Patch: a list of <c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c> and <c>test</c>
/// operations applied in order to the whole document. A malformed patch is a 400; an operation that cannot apply
/// (a missing path, a failed <c>test</c>) is a 422, as on the API server.
/// </summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw new PatchException("json: cannot unmarshal object into Go value of type jsonpatch.Patch", unprocessable: false);
        }

        var root = new JsonObject { ["doc"] = document };
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                throw new PatchException("json: cannot unmarshal into Go value of type jsonpatch.Operation", unprocessable: false);
            }

            var name = (op["op"] as JsonValue)?.GetValue<string>() ?? "";
            var path = Path(op, "path");
            switch (name)
            {
                case "add":
                    Add(root, path, Value(op)?.DeepClone(), name);
                    break;
                case "remove":
                    Remove(root, path, name);
                    break;
                case "replace":
                    Remove(root, path, name);
                    Add(root, path, Value(op)?.DeepClone(), name);
                    break;
                case "move":
                    var moved = Remove(root, Path(op, "from"), name);
                    Add(root, path, moved, name);
                    break;
                case "copy":
                    Add(root, path, Get(root, Path(op, "from"), name)?.DeepClone(), name);
                    break;
                case "test":
                    var actual = Get(root, path, name, mustExist: false);
                    if (!JsonNode.DeepEquals(actual, Value(op)))
                    {
                        throw new PatchException($"testing value {op["path"]} failed: test failed", unprocessable: true);
                    }

                    break;
                default:
                    throw new PatchException($"Unexpected kind: {name}", unprocessable: false);
            }
        }

        return root["doc"] ?? throw new PatchException("the patch removed the whole object", unprocessable: true);
    }

    private static List<string> Path(JsonObject op, string member)
    {
        if (op[member] is not JsonValue value || !value.TryGetValue<string>(out var pointer))
        {
            throw new PatchException($"operation missing {member} field", unprocessable: false);
        }

        return ["doc", .. JsonPointer.Parse(pointer)];
    }

    private static JsonNode? Value(JsonObject op) =>
        op.ContainsKey("value") ? op["value"] : throw new PatchException("operation missing value field", unprocessable: false);

    private static JsonNode? Get(JsonObject root, List<string> path, string op, bool mustExist = true)
    {
        JsonNode? current = root;
        foreach (var token in path)
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when Index(token, a.Count, allowEnd: false) is { } i => a[i],
                _ => mustExist ? throw Missing(op, path) : null,
            };
            if (current is null && !mustExist)
            {
                return null;
            }
        }

        return current;
    }

    private static void Add(JsonObject root, List<string> path, JsonNode? value, string op)
    {
        var parent = Get(root, path[..^1], op);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                var index = last == "-" ? a.Count : Index(last, a.Count, allowEnd: true) ?? throw Missing(op, path);
                a.Insert(index, value);
                break;
            default:
                throw Missing(op, path);
        }
    }

    private static JsonNode? Remove(JsonObject root, List<string> path, string op)
    {
        var parent = Get(root, path[..^1], op);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var existing):
                o.Remove(last);
                return existing;
            case JsonArray a when Index(last, a.Count, allowEnd: false) is { } i:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Missing(op, path);
        }
    }

    private static int? Index(string token, int count, bool allowEnd) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && (i < count || (allowEnd && i == count)) ? i : null;

    private static PatchException Missing(string op, List<string> path) =>
        new($"{op} operation does not apply: doc is missing path: \"/{string.Join('/', path.Skip(1))}\": missing value", unprocessable: true);
}
