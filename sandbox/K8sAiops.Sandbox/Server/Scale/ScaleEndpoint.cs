using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Http;
using K8sAiops.Sandbox.Server.Mutations;
using K8sAiops.Sandbox.Server.Patching;
using K8sAiops.Sandbox.Server.Store;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Scale;

/// <summary>
/// <c>GET</c>/<c>PUT</c>/<c>PATCH …/{deployments|replicasets|statefulsets|replicationcontrollers}/{name}/scale</c>: reads and
/// writes <c>spec.replicas</c> through an <c>autoscaling/v1 Scale</c>. A change goes through the normal write path, so the
/// workload's generation advances and its controller adds or removes pods at once.
/// </summary>
internal sealed class ScaleEndpoint(SandboxState state)
{
    public async Task HandleAsync(HttpContext http, ResourcePath path)
    {
        var key = new ObjectKey(path.ObjectNamespace, path.Name!);
        switch (http.Request.Method)
        {
            case "GET":
                var workload = state.Store.Current.Get(path.Kind, key) ?? throw ApiErrors.NotFound(path.Kind, key.Name);
                await WriteAsync(http, ScaleDocument.From(workload));
                return;
            case "PUT":
                var body = await RequestBody.ReadObjectAsync(http.Request);
                await WriteAsync(http, Update(http, path, key, _ => body));
                return;
            case "PATCH":
                var format = PatchFormats.FromContentType(http.Request.ContentType);
                var patch = PatchDocument.Parse(await RequestBody.ReadAsync(http.Request));
                await WriteAsync(http, Update(http, path, key, scale => PatchDocument.Apply(format, scale, patch)));
                return;
            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private JsonObject Update(HttpContext http, ResourcePath path, ObjectKey key, Func<JsonObject, JsonObject> change)
    {
        var updated = state.Store.Write(http.Request.Query.DryRun(), tx =>
        {
            var workload = tx.Get(path.Kind, key) ?? throw ApiErrors.NotFound(path.Kind, key.Name);
            var scale = change(ScaleDocument.From(workload));
            if (scale.StringAt("metadata", "name") is var name && name != key.Name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({key.Name})");
            }

            if (scale["spec"]?["replicas"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
                || !long.TryParse(value.ToJsonString(), out var replicas))
            {
                throw ApiErrors.Invalid("Scale", "autoscaling", key.Name, [FieldError.Invalid("spec.replicas", scale["spec"]?["replicas"]?.ToJsonString() ?? "null", "must be an integer")]);
            }

            Validation.ValidateScale(key.Name, replicas);
            var precondition = scale.StringAt("metadata", "resourceVersion");
            return ObjectWriter.Update(tx, path.Kind, key, obj =>
            {
                obj.Metadata()["resourceVersion"] = precondition;
                obj.Child("spec")["replicas"] = replicas;
                return obj;
            });
        });
        return ScaleDocument.From(updated);
    }

    private static Task WriteAsync(HttpContext http, JsonObject scale) =>
        Responses.JsonAsync(http, 200, json => scale.WriteTo(json));
}
