using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Configuration;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Metrics;
using K8sAiops.Activities.Report;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.Timers;
using K8sAiops.Functions.Approval;
using K8sAiops.Functions.Durable;
using K8sAiops.Functions.Management;
using Microsoft.Extensions.Options;
using Prometheus;

namespace K8sAiops.Functions.Inspections;

/// <summary>
/// The daily inspection: settings (<c>Inspection</c>, <c>Inspection:Metrics</c>), the InspectCluster orchestration and its activities, the run
/// history, the timer (<c>Inspection:Schedule</c> in <c>Inspection:TimeZone</c>), and the keyed HTTP trigger and report endpoints.
/// </summary>
public static class InspectionExtensions
{
    public const string TimerName = "DailyInspection";

    public static WebApplicationBuilder AddInspection(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<InspectionOptions>(InspectionOptions.SectionName);
        services.AddSingleton<IValidateOptions<InspectionOptions>>(new ProblemsValidator());
        services.AddSettings<MetricsInspectionOptions>(MetricsInspectionOptions.Section);
        services.AddSingleton<InspectionHistory>();
        services.AddSingleton<IInspectionObserver, InspectionMetrics>();
        services.AddSingleton(provider => new InspectionReportLinks(
            provider.GetRequiredService<ApprovalTokens>().DeriveKey(InspectionReportLinks.Purpose), provider.GetRequiredService<ApprovalBaseUrl>().Get));
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<InspectClusterOrchestration>()
            .AddActivity<ListInspectionScope>()
            .AddActivity<InspectNamespace>()
            .AddActivity<InspectNodes>()
            .AddActivity<InspectMetrics>()
            .AddActivity<CompleteInspection>());
        services.AddTimerTrigger(provider =>
        {
            var options = provider.GetRequiredService<IOptions<InspectionOptions>>().Value;
            return new TimerTriggerDefinition(TimerName, options.Schedule, async (timer, cancellation) =>
            {
                if (!provider.GetRequiredService<IOptions<InspectionOptions>>().Value.Enabled)
                    return;
                await ScheduleAsync(provider, null, timer.IsPastDue ? "timer (past due)" : "timer", cancellation);
            })
            { TimeZone = options.TimeZone == "UTC" ? null : options.TimeZone };
        });
        return builder;
    }

    /// <summary>
    /// <c>POST /api/inspections</c> starts one now (202 with the management URLs); <c>GET /api/inspections/{id}/report</c>
    /// gives the stored report (<c>?format=json|markdown|html</c>, HTML by default). Keyed like the management API, but for
    /// the card's signed link, <c>GET /reports/inspections/{id}</c>, and the unauthenticated scrape target <c>/metrics</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapInspectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inspections").WithTags("Inspections").AddEndpointFilter<FunctionKeyFilter>();
        group.MapPost("", StartAsync);
        group.MapGet("/{id}/report", ReportAsync);
        app.MapGet(InspectionReportLinks.PathPrefix + "/{id}", SignedReportAsync).WithTags("Inspections");
        app.MapMetrics("/metrics");
        return app;
    }

    private static async Task<IResult> StartAsync(string? context, HttpRequest request, CancellationToken cancellation)
    {
        if (context is { Length: 0 })
            return Problems.BadRequest("The query parameter 'context' is empty; leave it out to inspect the configured cluster.");
        var id = await ScheduleAsync(request.HttpContext.RequestServices, context, "http", cancellation);
        return request.CreateCheckStatusResponse(id);
    }

    /// <summary>
    /// Starts an inspection under an id chosen here, so that the card can carry a signed link to its report
    /// (<see cref="InspectionReportLinks"/>); without a known base URL (the host not listening yet) the card goes without one.
    /// </summary>
    private static async Task<string> ScheduleAsync(IServiceProvider services, string? context, string trigger, CancellationToken cancellation)
    {
        var options = services.GetRequiredService<IOptions<InspectionOptions>>().Value;
        var id = Guid.NewGuid().ToString("N");
        string? link = null;
        try
        {
            link = services.GetRequiredService<InspectionReportLinks>()
                .For(id, services.GetRequiredService<TimeProvider>().GetUtcNow() + options.ReportLinkLifetime).AbsoluteUri;
        }
        catch (InvalidOperationException e)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InspectionExtensions))
                .LogWarning("Inspection {Id} goes without a report link on its card: {Reason}", id, e.Message);
        }
        return await services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(nameof(InspectClusterOrchestration),
            new InspectClusterRequest(context, trigger, MaxParallel: options.MaxParallelNamespaces, ReportUrl: link), new StartOrchestrationOptions(id), cancellation);
    }

    /// <summary><c>GET /reports/inspections/{id}?expires=&amp;sig=</c>: the report, without the function key, while the card's signed link is good.</summary>
    private static async Task<IResult> SignedReportAsync(
        string id, long? expires, string? sig, string? format, InspectionReportLinks links, TimeProvider time, IReportStore store, CancellationToken cancellation)
    {
        if (links.Check(id, expires, sig, time.GetUtcNow()) is { } refused)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The report link is not valid", detail: refused);
        return await ReportAsync(id, format, store, cancellation);
    }

    private static async Task<IResult> ReportAsync(string id, string? format, IReportStore store, CancellationToken cancellation)
    {
        var (name, type) = (format ?? "html") switch
        {
            "json" => (CompleteInspection.JsonName, "application/json"),
            "markdown" or "md" => (CompleteInspection.MarkdownName, "text/markdown; charset=utf-8"),
            "html" => (CompleteInspection.HtmlName, "text/html; charset=utf-8"),
            var other => (null, other),
        };
        if (name is null)
            return Problems.BadRequest($"format '{type}' is not one of json, markdown, html.");
        if (InstanceIds.Validate(id) is { } invalid)
            return Problems.BadRequest(invalid);
        var content = await store.ReadAsync(id, name, cancellation);
        return content is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such report", detail: $"Inspection '{id}' has no stored report (yet).")
            : Results.Text(content, type);
    }

    private sealed class ProblemsValidator : IValidateOptions<InspectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, InspectionOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
