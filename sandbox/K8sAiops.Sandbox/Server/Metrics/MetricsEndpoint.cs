using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Http;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c>: kube-state-metrics-style series for the store's current state, computed on every scrape.
/// <c>?restartEvery=5s</c> turns on <see cref="RestartSimulation"/> for that scrape (Prometheus sends it from the
/// scrape config's <c>params</c>).
/// </summary>
internal sealed class MetricsEndpoint(SandboxState state)
{
    public Task HandleAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            throw ApiErrors.UnknownPath();
        }

        RestartSimulation simulation;
        try
        {
            simulation = RestartSimulation.FromQuery(http.Request.Query["restartEvery"].ToString());
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        var now = state.Time.GetUtcNow();
        var text = KubeStateMetrics.Render(state.Store.Current, reason => simulation.ExtraRestarts(reason, state.LoadedAt, now));
        return Responses.TextAsync(http, 200, text, ExpositionWriter.ContentType);
    }
}
