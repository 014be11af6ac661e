using K8sAiops.Activities.Metrics;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>
/// Runs the inspection's queries and turns failures into notes: a query Prometheus rejects is noted with what it leaves
/// unchecked and answers null; once Prometheus cannot be reached (or answers something that is not its API), that is
/// noted once and every later query answers null without being sent. Prometheus' warnings become notes too.
/// Cancellation is not caught.
/// </summary>
internal sealed class MetricsReader(PrometheusClient client, QueryWindow window, List<string> notes)
{
    private bool _unreachable;

    public QueryWindow Window => window;

    /// <summary>The query at the window's end; null when it failed (and a note says so).</summary>
    public Task<IReadOnlyList<PrometheusSeries>?> InstantAsync(string query, string skipped, CancellationToken cancellationToken)
        => ReadAsync(() => client.QueryAsync(query, window.End, cancellationToken), query, skipped);

    /// <summary>The query over the window; null when it failed (and a note says so).</summary>
    public Task<IReadOnlyList<PrometheusSeries>?> RangeAsync(string query, string skipped, CancellationToken cancellationToken)
        => ReadAsync(() => client.QueryRangeAsync(query, window, cancellationToken), query, skipped);

    private async Task<IReadOnlyList<PrometheusSeries>?> ReadAsync(Func<Task<PrometheusResult>> send, string query, string skipped)
    {
        if (_unreachable)
        {
            return null;
        }

        try
        {
            var result = await send();
            notes.AddRange(result.Warnings.Select(w => $"Prometheus warned about {query}: {w}"));
            return result.Series;
        }
        catch (PrometheusQueryException e)
        {
            notes.Add($"{skipped} not checked: {e.Message}");
            return null;
        }
        catch (PrometheusException e)
        {
            _unreachable = true;
            notes.Add($"Metrics not checked from {skipped} on: {e.Message}");
            return null;
        }
    }
}
