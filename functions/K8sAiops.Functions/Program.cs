using System.Globalization;
using K8sAiops.Functions.Alerts;
using K8sAiops.Functions.Approval;
using K8sAiops.Functions.Remediation;
using K8sAiops.Functions.Cli;
using K8sAiops.Functions.Collect;
using K8sAiops.Functions.Configuration;
using K8sAiops.Functions.Durable;
using K8sAiops.Functions.Health;
using K8sAiops.Functions.Hosting;
using K8sAiops.Functions.Inspections;
using K8sAiops.Functions.Management;
using K8sAiops.Functions.Starters;
using Microsoft.Extensions.Options;
using Serilog;

Log.Logger = new LoggerConfiguration()
    .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
    .CreateBootstrapLogger();

try
{
    return await K8sAiopsCommandLine.InvokeAsync(args);
}
catch (OptionsValidationException e)
{
    Log.Fatal("K8sAiops cannot start: {Failures}", string.Join(" ", e.Failures));
    return 1;
}
catch (Exception e)
{
    Log.Fatal(e, "K8sAiops stopped: {Reason}", e.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

public partial class Program
{
    /// <summary>The host's composition root, used by <c>serve</c> and by the tests (which add <paramref name="configure"/>).</summary>
    public static WebApplication BuildWebHost(HostSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = settings.ContentRoot,
            EnvironmentName = settings.EnvironmentName,
        });

        builder.AddK8sAiopsConfiguration(settings.CommandLine);
        builder.AddK8sAiopsLogging();
        builder.AddHttpEndpoint();
        builder.AddDurableRuntime();
        builder.AddDurableManagementApi();
        builder.AddEvidenceCollection();
        builder.AddAlertDiagnosis();
        builder.AddApproval();
        builder.AddInspection();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseK8sAiopsRequestLogging();
        app.MapHealthEndpoints();
        app.MapDurableManagementApi();
        app.MapOrchestrationStarter();
        app.MapAlertEndpoints();
        app.MapApprovalEndpoints();
        app.MapRemediationEndpoints();
        app.MapInspectionEndpoints();
        return app;
    }
}
