using System.Text.Json;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Discovery;

/// <summary>
/// A skeleton of <c>/openapi/v2</c>: for every kind, the PATCH operation of its object path with the
/// <c>x-kubernetes-group-version-kind</c> extension and a <c>dryRun</c> query parameter, and no schema definitions.
/// That is what kubectl up to 1.24 reads to decide whether <c>--dry-run=server</c> is supported. kubectl asks for the
/// protobuf form (gnostic's <c>openapi.v2.Document</c>); other clients get the same skeleton as JSON.
/// </summary>
internal static class OpenApiV2Document
{
    public const string ProtobufMediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    public static byte[] Protobuf()
    {
        var paths = new ProtobufWriter();
        foreach (var (path, operationId, kind) in Operations())
        {
            var dryRun = new ProtobufWriter()
                .Message(1, new ProtobufWriter()
                    .Message(2, new ProtobufWriter()
                        .Message(3, new ProtobufWriter().String(2, "query").String(3, "When present, indicates that modifications should not be persisted.").String(4, "dryRun").String(6, "string")))); // ParametersItem.parameter.non_body_parameter.query_parameter_sub_schema
            var operation = new ProtobufWriter()
                .String(5, operationId)
                .Message(8, dryRun)
                .Message(13, Extension("x-kubernetes-action", "patch"))
                .Message(13, Extension("x-kubernetes-group-version-kind", GroupVersionKindYaml(kind)));
            var pathItem = new ProtobufWriter().Message(8, operation); // PathItem.patch
            paths.Message(2, new ProtobufWriter().String(1, path).Message(2, pathItem)); // Paths.path (NamedPathItem)
        }

        return new ProtobufWriter()
            .String(1, "2.0")
            .Message(2, new ProtobufWriter().String(1, "Kubernetes").String(2, VersionDocument.GitVersion))
            .Message(8, paths)
            .ToArray();
    }

    public static void Json(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("swagger", "2.0");
        json.WriteStartObject("info");
        json.WriteString("title", "Kubernetes");
        json.WriteString("version", VersionDocument.GitVersion);
        json.WriteEndObject();
        json.WriteStartObject("paths");
        foreach (var (path, operationId, kind) in Operations())
        {
            json.WriteStartObject(path);
            json.WriteStartObject("patch");
            json.WriteString("operationId", operationId);
            json.WriteStartArray("parameters");
            json.WriteStartObject();
            json.WriteString("name", "dryRun");
            json.WriteString("in", "query");
            json.WriteString("type", "string");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("x-kubernetes-action", "patch");
            json.WriteStartObject("x-kubernetes-group-version-kind");
            json.WriteString("group", kind.Group);
            json.WriteString("kind", kind.Kind);
            json.WriteString("version", kind.Version);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static IEnumerable<(string Path, string OperationId, ResourceKind Kind)> Operations()
    {
        foreach (var kind in ResourceKinds.All)
        {
            var prefix = kind.Group.Length == 0 ? "/api/v1" : $"/apis/{kind.Group}/{kind.Version}";
            var path = kind.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{kind.Plural}/{{name}}" : $"{prefix}/{kind.Plural}/{{name}}";
            var group = string.Concat(kind.Group.Split('.')[0] is { Length: > 0 } g ? char.ToUpperInvariant(g[0]) + g[1..] : "Core");
            var operationId = "patch" + group + char.ToUpperInvariant(kind.Version[0]) + kind.Version[1..] + (kind.Namespaced ? "Namespaced" : "") + kind.Kind;
            yield return (path, operationId, kind);
        }
    }

    private static ProtobufWriter Extension(string name, string yaml) =>
        new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().String(2, yaml)); // NamedAny { name, value: Any { yaml } }

    private static string GroupVersionKindYaml(ResourceKind kind) =>
        $"group: \"{kind.Group}\"\nkind: {kind.Kind}\nversion: {kind.Version}\n";
}
