using System.Text;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Http;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Logs;

/// <summary>
/// <c>GET …/pods/{name}/log</c>: a container's log from the snapshot, as <c>text/plain</c>, with <c>container</c>,
/// <c>previous</c>, <c>sinceSeconds</c>/<c>sinceTime</c>, <c>tailLines</c>, <c>timestamps</c> and <c>limitBytes</c>
/// applied in the kubelet's order (time filter, tail, then the byte limit on what is written).
/// How lines are dated is described on <see cref="LogLine"/>. <c>follow</c> returns what there is and ends.
/// </summary>
internal sealed class PodLogEndpoint(SandboxState state)
{
    public Task HandleAsync(HttpContext http, ResourcePath path)
    {
        if (http.Request.Method != "GET")
        {
            throw ApiErrors.MethodNotAllowed();
        }

        var pod = state.Store.Current.Get(ResourceKinds.Pod, new ObjectKey(path.ObjectNamespace, path.Name!))
            ?? throw ApiErrors.NotFound(ResourceKinds.Pod, path.Name!);
        var options = LogOptions.From(http.Request.Query, pod.Name);
        var container = ChooseContainer(pod, options.Container);
        var log = Read(pod, container, options.Previous);
        var now = state.Time.GetUtcNow();
        var lines = LogLine.Parse(log, StartTime(pod, container, options.Previous));
        var since = options.SinceTime ?? (options.SinceSeconds is { } seconds ? now.AddSeconds(-seconds) : null);
        IEnumerable<LogLine> selected = since is { } from ? lines.Where(l => l.Time >= from) : lines;
        if (options.TailLines is { } tail)
        {
            var kept = selected.ToList();
            selected = kept.Skip(Math.Max(0, kept.Count - (int)Math.Min(tail, int.MaxValue)));
        }

        var text = new StringBuilder();
        foreach (var line in selected)
        {
            if (options.Timestamps)
            {
                text.Append(line.Timestamp).Append(' ');
            }

            text.Append(line.Text);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (options.LimitBytes is { } limit && bytes.Length > limit)
        {
            bytes = bytes[..(int)limit];
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        http.Response.ContentLength = bytes.Length;
        return http.Response.Body.WriteAsync(bytes, http.RequestAborted).AsTask();
    }

    private static string ChooseContainer(StoredObject pod, string? requested)
    {
        var containers = Names(pod, "containers");
        var init = Names(pod, "initContainers");
        var ephemeral = Names(pod, "ephemeralContainers");
        if (requested is null)
        {
            if (containers.Count == 1)
            {
                return containers[0];
            }

            var message = $"a container name must be specified for pod {pod.Name}, choose one of: [{string.Join(" ", containers)}]";
            if (init.Count > 0)
            {
                message += $" or one of the init containers: [{string.Join(" ", init)}]";
            }

            if (ephemeral.Count > 0)
            {
                message += $" or one of the ephemeral containers: [{string.Join(" ", ephemeral)}]";
            }

            throw ApiErrors.BadRequest(message);
        }

        return containers.Contains(requested) || init.Contains(requested) || ephemeral.Contains(requested)
            ? requested
            : throw ApiErrors.BadRequest($"container {requested} is not valid for pod {pod.Name}");
    }

    private string Read(StoredObject pod, string container, bool previous)
    {
        if (state.Logs.TryGetValue(new ContainerLogKey(pod.Namespace, pod.Name, container, previous), out var log))
        {
            return log;
        }

        if (previous)
        {
            throw ApiErrors.BadRequest($"previous terminated container \"{container}\" in pod \"{pod.Name}\" not found");
        }

        if (Status(pod, container) is { } status && status.StringAt("state", "waiting", "reason") is { Length: > 0 } waiting)
        {
            throw ApiErrors.BadRequest($"container \"{container}\" in pod \"{pod.Name}\" is waiting to start: {waiting}");
        }

        return "";
    }

    private DateTimeOffset StartTime(StoredObject pod, string container, bool previous)
    {
        var status = Status(pod, container);
        var started = previous
            ? status?.TimeAt("lastState", "terminated", "startedAt")
            : status?.TimeAt("state", "running", "startedAt") ?? status?.TimeAt("state", "terminated", "startedAt");
        return started ?? pod.Json.TimeAt("status", "startTime") ?? pod.Json.TimeAt("metadata", "creationTimestamp") ?? state.LoadedAt;
    }

    private static JsonElement? Status(StoredObject pod, string container) =>
        new[] { "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses" }
            .SelectMany(list => pod.Json.ItemsAt("status", list))
            .Where(s => s.StringAt("name") == container)
            .Select(s => (JsonElement?)s)
            .FirstOrDefault();

    private static List<string> Names(StoredObject pod, string list) =>
        pod.Json.ItemsAt("spec", list).Select(c => c.StringAt("name") ?? "").ToList();
}
