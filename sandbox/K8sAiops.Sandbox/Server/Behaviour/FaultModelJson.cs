using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// <see cref="FaultModel.FileName"/>: <c>{"memoryNeeds":[…],"badImages":[…],"crashingContainers":[…]}</c>, each entry
/// an object with the camel-case names of the record's properties (null ones left out).
/// </summary>
internal static class FaultModelJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(FaultModel model)
    {
        var root = new JsonObject
        {
            ["memoryNeeds"] = new JsonArray(model.MemoryNeeds.Select(n => (JsonNode?)Entry(
                ("namespace", n.Namespace), ("workload", n.Workload), ("container", n.Container), ("image", n.Image), ("memory", n.Memory), ("note", n.Note))).ToArray()),
            ["badImages"] = new JsonArray(model.BadImages.Select(b => (JsonNode?)Entry(("namespace", b.Namespace), ("image", b.Image), ("note", b.Note))).ToArray()),
            ["crashingContainers"] = new JsonArray(model.CrashingContainers.Select(c =>
            {
                var entry = Entry(("namespace", c.Namespace), ("workload", c.Workload), ("container", c.Container), ("image", c.Image));
                if (c.Command is not null)
                {
                    entry["command"] = new JsonArray(c.Command.Select(s => (JsonNode?)s).ToArray());
                }

                if (c.Args is not null)
                {
                    entry["args"] = new JsonArray(c.Args.Select(s => (JsonNode?)s).ToArray());
                }

                if (c.Env is not null)
                {
                    entry["env"] = c.Env.DeepClone();
                }

                entry["exitCode"] = c.ExitCode;
                entry["reason"] = c.Reason;
                if (c.Message is not null)
                {
                    entry["message"] = c.Message;
                }

                if (c.Note is not null)
                {
                    entry["note"] = c.Note;
                }

                return (JsonNode?)entry;
            }).ToArray()),
        };
        return root.ToJsonString(Indented) + "\n";
    }

    /// <exception cref="SnapshotFormatException">The file is not what <see cref="Write"/> writes.</exception>
    public static FaultModel Read(string file)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException(file, "invalid JSON: " + e.Message, innerException: e);
        }

        if (root is not JsonObject obj)
        {
            throw new SnapshotFormatException(file, "expected an object with memoryNeeds, badImages and crashingContainers");
        }

        var model = new FaultModel();
        foreach (var (entry, path) in Entries(obj, "memoryNeeds", file))
        {
            var memory = Required(entry, "memory", path, file);
            if (Quantity.Parse(memory) is null)
            {
                throw new SnapshotFormatException(file, $"'{memory}' is not a quantity", jsonPath: path + ".memory");
            }

            model.MemoryNeeds.Add(new MemoryNeed(memory)
            {
                Namespace = Text(entry, "namespace", path, file), Workload = Text(entry, "workload", path, file),
                Container = Text(entry, "container", path, file), Image = Text(entry, "image", path, file), Note = Text(entry, "note", path, file),
            });
        }

        foreach (var (entry, path) in Entries(obj, "badImages", file))
        {
            model.BadImages.Add(new BadImage(Required(entry, "image", path, file))
            {
                Namespace = Text(entry, "namespace", path, file), Note = Text(entry, "note", path, file),
            });
        }

        foreach (var (entry, path) in Entries(obj, "crashingContainers", file))
        {
            var crash = new CrashingContainer(Required(entry, "image", path, file))
            {
                Namespace = Text(entry, "namespace", path, file), Workload = Text(entry, "workload", path, file),
                Container = Text(entry, "container", path, file), Command = Strings(entry, "command", path, file),
                Args = Strings(entry, "args", path, file), Message = Text(entry, "message", path, file), Note = Text(entry, "note", path, file),
                Env = entry["env"] switch
                {
                    null => null,
                    JsonArray env => env.DeepClone().AsArray(),
                    _ => throw new SnapshotFormatException(file, "expected the container's env list", jsonPath: path + ".env"),
                },
            };
            if (entry["exitCode"] is { } exitCode)
            {
                crash = crash with
                {
                    ExitCode = exitCode is JsonValue v && v.TryGetValue<int>(out var code)
                        ? code
                        : throw new SnapshotFormatException(file, "expected an integer", jsonPath: path + ".exitCode"),
                };
            }

            if (Text(entry, "reason", path, file) is { } reason)
            {
                crash = crash with { Reason = reason };
            }

            model.CrashingContainers.Add(crash);
        }

        return model;
    }

    private static JsonObject Entry(params (string Name, string? Value)[] fields)
    {
        var entry = new JsonObject();
        foreach (var (name, value) in fields.Where(f => f.Value is not null))
        {
            entry[name] = value;
        }

        return entry;
    }

    private static IEnumerable<(JsonObject Entry, string Path)> Entries(JsonObject root, string list, string file)
    {
        switch (root[list])
        {
            case null:
                yield break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    var path = $"$.{list}[{i}]";
                    yield return (items[i] as JsonObject ?? throw new SnapshotFormatException(file, "expected an object", jsonPath: path), path);
                }

                break;
            default:
                throw new SnapshotFormatException(file, "expected a list", jsonPath: "$." + list);
        }
    }

    private static string? Text(JsonObject entry, string field, string path, string file) => entry[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new SnapshotFormatException(file, "expected a string", jsonPath: $"{path}.{field}"),
    };

    private static string Required(JsonObject entry, string field, string path, string file) =>
        Text(entry, field, path, file) is { Length: > 0 } value ? value : throw new SnapshotFormatException(file, $"'{field}' is required", jsonPath: path);

    private static string[]? Strings(JsonObject entry, string field, string path, string file) => entry[field] switch
    {
        null => null,
        JsonArray items => items.Select((item, i) => item is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new SnapshotFormatException(file, "expected a string", jsonPath: $"{path}.{field}[{i}]")).ToArray(),
        _ => throw new SnapshotFormatException(file, "expected a list of strings", jsonPath: $"{path}.{field}"),
    };
}
