using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Http;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c>: kube-state-metrics-style series for the store's current state, computed on every scrape.
/// <c>?restartEvery=5s</c> turns on <see cref="RestartSimulation"/> for that scrape (Prometheus sends it from the
/// scrape config's <c>params</c>). Below it, the exporters a real cluster has beside KSM, each on its own path so
/// that each can be its own scrape job: <c>/metrics/cadvisor</c>, <c>/metrics/kubelet</c> and <c>/metrics/node-exporter</c>.
/// </summary>
internal sealed class MetricsEndpoint(SandboxState state)
{
    /// <param name="http">The request.</param>
    /// <param name="exporter">The path segment after <c>/metrics</c>; null for <c>/metrics</c> itself.</param>
    public Task HandleAsync(HttpContext http, string? exporter)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            throw ApiErrors.UnknownPath();
        }

        var now = state.Time.GetUtcNow();
        var text = exporter switch
        {
            null => KubeState(http, now),
            "cadvisor" => Usage(CadvisorMetrics.Write, now),
            "kubelet" => Usage(KubeletMetrics.Write, now),
            "node-exporter" => Usage(NodeExporterMetrics.Write, now),
            _ => throw ApiErrors.UnknownPath(),
        };
        return Responses.TextAsync(http, 200, text, ExpositionWriter.ContentType);
    }

    private string KubeState(HttpContext http, DateTimeOffset now)
    {
        RestartSimulation simulation;
        try
        {
            simulation = RestartSimulation.FromQuery(http.Request.Query["restartEvery"].ToString());
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        return KubeStateMetrics.Render(state.Store.Current, reason => simulation.ExtraRestarts(reason, state.LoadedAt, now));
    }

    private string Usage(Action<ExpositionWriter, UsageScrape> write, DateTimeOffset now)
    {
        var w = new ExpositionWriter();
        write(w, new UsageScrape(state.Store.Current, state.Store.Faults, state.Trends, state.LoadedAt, now));
        return w.ToString();
    }
}
