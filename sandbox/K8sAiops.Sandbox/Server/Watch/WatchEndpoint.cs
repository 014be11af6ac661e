using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Http;
using K8sAiops.Sandbox.Server.Selectors;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Server.Tables;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Watch;

/// <summary>
/// <c>GET …/{plural}?watch=true</c>: a stream of <c>{"type":"ADDED|MODIFIED|DELETED","object":…}</c> lines, one per
/// change to a matching object. Without <c>resourceVersion</c> (or with 0) the current objects come first as ADDED;
/// with one, the changes since it (410 Expired in an ERROR event when older than the retained history). An object that
/// stops matching the selectors is reported DELETED. <c>sendInitialEvents=true</c> ends the initial objects with a
/// BOOKMARK annotated <c>k8s.io/initial-events-end</c>. The stream ends after <c>timeoutSeconds</c> (default 30 minutes,
/// on the server's clock) or when the client goes. Events carry Tables when the Accept header asks for them.
/// </summary>
internal sealed class WatchEndpoint(SandboxState state)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext http, ResourcePath path)
    {
        var query = http.Request.Query;
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(query.Text("labelSelector"));
            fields = FieldSelector.Parse(query.Text("fieldSelector"));
            SelectableFields.Validate(path.Kind, fields);
        }
        catch (SelectorException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        long? from = query.Text("resourceVersion") is { Length: > 0 } rv && rv != "0"
            ? long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw ApiErrors.BadRequest($"invalid resource version \"{rv}\"")
            : null;
        var timeout = TimeSpan.FromSeconds(query.Integer("timeoutSeconds") is { } seconds && seconds > 0 ? seconds : 1800);
        var table = TableRequest.From(http.Request);
        bool Matches(StoredObject o) =>
            (path.Namespace is null || o.Namespace == path.Namespace) && labels.Matches(o.Labels) && SelectableFields.Matches(path.Kind, fields, o.Json);

        using var watch = state.Store.Watch(from, out var oldest);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        using var timer = state.Time.CreateTimer(_ => stop.Cancel(), null, timeout, Timeout.InfiniteTimeSpan);
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        var writer = new EventWriter(http, path, table, state.Time);
        if (watch is null)
        {
            await writer.ErrorAsync(ApiErrors.ResourceVersionTooOld(from!.Value, oldest).Status);
            return;
        }

        var seen = watch.Start?.Revision ?? from ?? 0;
        if (watch.Start is { } start)
        {
            foreach (var obj in start.List(path.Kind, path.Namespace).Where(Matches))
            {
                await writer.EventAsync("ADDED", obj);
            }

            if (query.Flag("sendInitialEvents"))
            {
                await writer.InitialEventsEndAsync(start.Revision);
            }
        }

        foreach (var change in watch.Backlog)
        {
            await SendAsync(writer, path, change, Matches);
            seen = change.Revision;
        }

        try
        {
            await foreach (var change in watch.Live.ReadAllAsync(stop.Token))
            {
                if (change.Revision > seen)
                {
                    await SendAsync(writer, path, change, Matches);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static Task SendAsync(EventWriter writer, ResourcePath path, StoreChange change, Func<StoredObject, bool> matches)
    {
        if (change.Object.Kind != path.Kind)
        {
            return Task.CompletedTask;
        }

        var now = matches(change.Object);
        var before = change.Previous is { } previous && matches(previous);
        var type = change.Type switch
        {
            ChangeType.Added when now => "ADDED",
            ChangeType.Modified when now => before ? "MODIFIED" : "ADDED",
            ChangeType.Modified when before => "DELETED",
            ChangeType.Deleted when now => "DELETED",
            _ => null,
        };
        return type is null ? Task.CompletedTask : writer.EventAsync(type, change.Object);
    }

    /// <summary>Writes watch events, one JSON object per line, flushed as they go.</summary>
    private sealed class EventWriter(HttpContext http, ResourcePath path, TableRequest? table, TimeProvider time)
    {
        private bool columnsSent;

        public Task EventAsync(string type, StoredObject obj) => WriteAsync(json =>
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WritePropertyName("object");
            if (table is null)
            {
                obj.Json.WriteTo(json);
            }
            else
            {
                TableWriter.Write(json, path.Kind, table, [obj], null, time.GetUtcNow(), includeColumns: !columnsSent);
                columnsSent = true;
            }

            json.WriteEndObject();
        });

        public Task InitialEventsEndAsync(long revision) => WriteAsync(json =>
        {
            json.WriteStartObject();
            json.WriteString("type", "BOOKMARK");
            json.WriteStartObject("object");
            json.WriteString("kind", path.Kind.Kind);
            json.WriteString("apiVersion", path.Kind.ApiVersion);
            json.WriteStartObject("metadata");
            json.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
            json.WriteStartObject("annotations");
            json.WriteString("k8s.io/initial-events-end", "true");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        });

        public Task ErrorAsync(ApiStatus status) => WriteAsync(json =>
        {
            json.WriteStartObject();
            json.WriteString("type", "ERROR");
            json.WritePropertyName("object");
            StatusWriter.WriteFailure(json, status);
            json.WriteEndObject();
        });

        private async Task WriteAsync(Action<Utf8JsonWriter> write)
        {
            using (var json = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions))
            {
                write(json);
            }

            http.Response.BodyWriter.Write("\n"u8);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
    }
}
