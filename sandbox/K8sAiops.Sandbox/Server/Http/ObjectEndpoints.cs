using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Lists;
using K8sAiops.Sandbox.Server.Mutations;
using K8sAiops.Sandbox.Server.Patching;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Server.Tables;
using K8sAiops.Sandbox.Server.Watch;
using K8sAiops.Sandbox.Snapshots;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>The verbs on a kind's collection and objects: list, get, create, replace, patch and delete (each with <c>dryRun=All</c>).</summary>
internal sealed class ObjectEndpoints(SandboxState state)
{
    private readonly WatchEndpoint watch = new(state);

    public Task HandleAsync(HttpContext http, ResourcePath path)
    {
        var method = http.Request.Method;
        if (path.Name is null)
        {
            return method switch
            {
                "GET" => ListAsync(http, path),
                "POST" when !path.Kind.Namespaced || path.Namespace is not null => CreateAsync(http, path),
                _ => throw ApiErrors.MethodNotAllowed(),
            };
        }

        return method switch
        {
            "GET" => GetAsync(http, path),
            "PUT" => ReplaceAsync(http, path),
            "PATCH" => PatchAsync(http, path),
            "DELETE" => DeleteAsync(http, path),
            _ => throw ApiErrors.MethodNotAllowed(),
        };
    }

    private Task ListAsync(HttpContext http, ResourcePath path)
    {
        var query = http.Request.Query;
        if (query.Flag("watch"))
        {
            return watch.HandleAsync(http, path);
        }

        var page = ListReader.Read(state.Store, path.Kind, path.Namespace, new ListOptions(
            query.Text("labelSelector"), query.Text("fieldSelector"), query.Integer("limit"), query.Text("continue"),
            query.Text("resourceVersion"), query.Text("resourceVersionMatch")));
        return TableRequest.From(http.Request) is { } table
            ? Responses.JsonAsync(http, 200, json => TableWriter.Write(json, path.Kind, table, page.Items, page, state.Time.GetUtcNow()))
            : Responses.JsonAsync(http, 200, json => ListWriter.Write(json, path.Kind, page));
    }

    private Task GetAsync(HttpContext http, ResourcePath path)
    {
        var obj = state.Store.Current.Get(path.Kind, Key(path)) ?? throw ApiErrors.NotFound(path.Kind, path.Name!);
        return TableRequest.From(http.Request) is { } table
            ? Responses.JsonAsync(http, 200, json => TableWriter.Write(json, path.Kind, table, [obj], null, state.Time.GetUtcNow()))
            : Responses.ElementAsync(http, 200, obj.Json);
    }

    private async Task CreateAsync(HttpContext http, ResourcePath path)
    {
        var body = await RequestBody.ReadObjectAsync(http.Request);
        var dryRun = http.Request.Query.DryRun();
        var created = state.Store.Write(dryRun, tx => ObjectWriter.Create(tx, path.Kind, path.Namespace, body));
        await Responses.ElementAsync(http, 201, created.Json);
    }

    private async Task ReplaceAsync(HttpContext http, ResourcePath path)
    {
        var body = await RequestBody.ReadObjectAsync(http.Request);
        var dryRun = http.Request.Query.DryRun();
        var replaced = state.Store.Write(dryRun, tx => ObjectWriter.Update(tx, path.Kind, Key(path), _ => body));
        await Responses.ElementAsync(http, 200, replaced.Json);
    }

    private async Task PatchAsync(HttpContext http, ResourcePath path)
    {
        var format = PatchFormats.FromContentType(http.Request.ContentType);
        var patch = PatchDocument.Parse(await RequestBody.ReadAsync(http.Request));
        var dryRun = http.Request.Query.DryRun();
        var patched = state.Store.Write(dryRun, tx => ObjectWriter.Update(tx, path.Kind, Key(path), current => PatchDocument.Apply(format, current, patch)));
        await Responses.ElementAsync(http, 200, patched.Json);
    }

    private async Task DeleteAsync(HttpContext http, ResourcePath path)
    {
        var options = ParseDeleteOptions(http.Request.Query, await RequestBody.ReadAsync(http.Request));
        var dryRun = http.Request.Query.DryRun();
        var deleted = state.Store.Write(dryRun, tx => ObjectWriter.Delete(tx, path.Kind, Key(path), options));
        if (KindTraits.DeleteReturnsObject(path.Kind))
        {
            await Responses.ElementAsync(http, 200, deleted.Json);
            return;
        }

        await Responses.JsonAsync(http, 200, json => StatusWriter.WriteSuccess(
            json, new StatusDetails(deleted.Name, path.Kind.Group.Length == 0 ? null : path.Kind.Group, path.Kind.Plural, deleted.Uid)));
    }

    private static DeleteOptions ParseDeleteOptions(IQueryCollection query, byte[] body)
    {
        var policy = query.Text("propagationPolicy");
        var orphan = query.Flag("orphanDependents");
        string? uid = null, resourceVersion = null;
        if (body.Length > 0 && JsonNode.Parse(body) is JsonObject options)
        {
            policy = options.StringAt("propagationPolicy") ?? policy;
            orphan |= options["orphanDependents"] is JsonValue value && value.GetValueKind() == JsonValueKind.True;
            uid = options.StringAt("preconditions", "uid");
            resourceVersion = options.StringAt("preconditions", "resourceVersion");
        }

        return new DeleteOptions(uid, resourceVersion, orphan || policy == "Orphan");
    }

    private static ObjectKey Key(ResourcePath path) => new(path.ObjectNamespace, path.Name!);
}
