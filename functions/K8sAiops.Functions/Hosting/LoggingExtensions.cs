using Serilog;
using Serilog.Events;

namespace K8sAiops.Functions.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog for the host: levels and sinks from the <c>Serilog</c> section (e.g. <c>Serilog__MinimumLevel__Default</c>),
    /// console output by default, ASP.NET Core's own chatter at Warning.
    /// </summary>
    public static WebApplicationBuilder AddK8sAiopsLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("Azure", LogEventLevel.Warning)
                .ReadFrom.Configuration(configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            if (!configuration.GetSection("Serilog:WriteTo").Exists())
            {
                logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return builder;
    }

    /// <summary>One event per HTTP request; health probes log at Debug so they do not drown the rest.</summary>
    public static WebApplication UseK8sAiopsRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) => exception is not null || context.Response.StatusCode >= 500
                ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug : LogEventLevel.Information;
        });
        return app;
    }
}
