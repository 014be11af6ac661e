using System.Net.Http.Json;
using System.Text.Json;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Durable;
using K8sAiops.Functions.Hosting;
using K8sAiops.Testing;
using Microsoft.AspNetCore.TestHost;

namespace K8sAiops.Functions.Tests.Support;

/// <summary>
/// One host per test, in process on a TestServer: in-memory storage unless told otherwise, a known function
/// key, its own task hub and content root (where a test may put local.settings.json).
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string Key = "test-key-0123456789abcdef";
    public const string Instances = "/runtime/webhooks/durabletask/instances";

    private TestHost(WebApplication app, string contentRoot)
    {
        App = app;
        ContentRoot = contentRoot;
        Client = app.GetTestClient();
        Keyed = app.GetTestClient();
        Keyed.DefaultRequestHeaders.Add("x-functions-key", Key);
    }

    public WebApplication App { get; }

    public string ContentRoot { get; }

    /// <summary>Sends no key.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends the function key in the x-functions-key header.</summary>
    public HttpClient Keyed { get; }

    public DurableTaskClient Durable => App.Services.GetRequiredService<DurableTaskClient>();

    public static Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, string? localSettingsJson = null)
        => StartAsync(settings, localSettingsJson, defaults: true, configure: null);

    public static async Task<TestHost> StartAsync(
        IDictionary<string, string?>? settings, string? localSettingsJson, bool defaults, Action<WebApplicationBuilder>? configure)
    {
        var contentRoot = Directory.CreateTempSubdirectory("k8saiops-host-test-").FullName;
        if (localSettingsJson is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(contentRoot, "local.settings.json"), localSettingsJson);
        }

        var commandLine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (defaults)
        {
            commandLine["AzureWebJobsStorage"] = "InMemory";
            commandLine["Management:FunctionKeys"] = Key;
            commandLine["Durable:TaskHubName"] = Azurite.NewTaskHubName("fn");
            commandLine["Approval:PublicBaseUrl"] = "http://localhost/"; // the TestServer's address (it listens on none)
        }

        commandLine["Serilog:MinimumLevel:Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            commandLine[key] = value;
        }

        var app = Program.BuildWebHost(
            new HostSettings { ContentRoot = contentRoot, CommandLine = commandLine, EnvironmentName = "Testing" },
            builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Services.AddDurableTasks(TestOrchestrations.Register);
                configure?.Invoke(builder);
            });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new TestHost(app, contentRoot);
    }

    /// <summary>Starts an orchestration through the client and returns its id.</summary>
    public Task<string> StartOrchestrationAsync(string name, object? input = null, string? instanceId = null)
        => Durable.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId ?? Guid.NewGuid().ToString("N")));

    public async Task<OrchestrationMetadata> CompleteAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var instance = await Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance?.RuntimeStatus == status)
            {
                return instance;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{instanceId} did not reach {status}; it is {instance?.RuntimeStatus}.");
            }

            await Task.Delay(20);
        }
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<JsonElement>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Keyed.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(ContentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
