using System.Text.Json.Nodes;
using K8sAiops.Functions.Tests.Support;
using K8sAiops.Testing;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task LocalSettings_ValuesWithDoubleUnderscore_BecomeNestedSettings()
    {
        await using var host = await TestHost.StartAsync(
            settings: null,
            """
            {
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "InMemory",
                "Durable__TaskHubName": "FromLocalSettings",
                "Durable__Worker__MaxConcurrentActivities": 7,
                "_Durable__TaskHubName": "descriptions are ignored"
              },
              "_descriptions": { "Durable__TaskHubName": "ignored too" }
            }
            """,
            defaults: false,
            configure: null);

        Assert.Equal("FromLocalSettings", host.App.Configuration["Durable:TaskHubName"]);
        Assert.Equal("FromLocalSettings", host.Durable.Store.TaskHubName);
        Assert.Equal(7, host.App.Services.GetRequiredService<IOptions<K8sAiops.Durable.Worker.DurableTaskWorkerOptions>>().Value.MaxConcurrentActivities);
        Assert.Null(host.App.Configuration["_Durable:TaskHubName"]);
    }

    [Fact]
    public async Task SampleSettings_EveryValue_IsDescribedAndStartsTheHost()
    {
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "local.settings.sample.json")))!;
        var values = sample["Values"]!.AsObject();
        var described = sample["_descriptions"]!.AsObject();

        Assert.DoesNotContain(values, v => !described.ContainsKey(v.Key));
        // The test's own storage, key and task hub win over the sample's (the command line wins over local.settings.json).
        await using var host = await TestHost.StartAsync(settings: null, sample.ToJsonString(), defaults: true, configure: null);
        Assert.Equal("0 0 9 * * *", host.App.Configuration["Inspection:Schedule"]);
        Assert.Equal(TimeSpan.FromDays(30), host.App.Services.GetRequiredService<IOptions<K8sAiops.Activities.Inspect.InspectionOptions>>().Value.ReportLinkLifetime);
        Assert.Equal(0.85, host.App.Services.GetRequiredService<IOptions<K8sAiops.Activities.Inspect.Metrics.MetricsInspectionOptions>>().Value.PvcUsageMedium);
    }

    [Fact]
    public async Task EnvironmentVariable_SameSettingAsLocalSettings_Wins()
    {
        var section = $"K8sAiopsTest{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable($"{section}__Probe", "from-environment");
        try
        {
            await using var host = await TestHost.StartAsync(
                settings: null,
                localSettingsJson: $$"""{ "Values": { "{{section}}__Probe": "from-file", "{{section}}__Other": "file-only" } }""");

            Assert.Equal("from-environment", host.App.Configuration[$"{section}:Probe"]);
            Assert.Equal("file-only", host.App.Configuration[$"{section}:Other"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{section}__Probe", null);
        }
    }

    [Fact]
    public async Task CommandLineSetting_SameSettingAsLocalSettings_Wins()
    {
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["Durable:TaskHubName"] = "FromCommandLine" },
            """{ "Values": { "Durable__TaskHubName": "FromLocalSettings" } }""");

        Assert.Equal("FromCommandLine", host.Durable.Store.TaskHubName);
    }

    [Theory]
    [InlineData("Durable:PartitionCount", "0", "Durable:PartitionCount")]
    [InlineData("Durable:TaskHubName", "1-bad", "Durable:TaskHubName")]
    [InlineData("Durable:LeaseDuration", "00:05:00", "Durable:LeaseDuration")]
    [InlineData("Durable:Worker:MaxConcurrentActivities", "0", "Durable:Worker:MaxConcurrentActivities")]
    [InlineData("Durable:Worker:MaxPollingInterval", "-00:00:01", "Durable:Worker:MaxPollingInterval")]
    [InlineData("Durable:Worker:VisibilityTimeout", "soon", "Durable:Worker:VisibilityTimeout")]
    [InlineData("Http:Port", "70000", "Http:Port")]
    [InlineData("Http:Urls", "localhost:7071", "Http:Urls")]
    [InlineData("AzureWebJobsStorage", "not-a-connection-string", "AzureWebJobsStorage")]
    [InlineData("Management:FunctionKeys", "short", "Management:FunctionKeys")]
    [InlineData("Collect:MaxPodsPerWorkload", "0", "Collect:MaxPodsPerWorkload")]
    [InlineData("Collect:LogTailLines", "many", "Collect:LogTailLines")]
    [InlineData("Collect:Kubernetes:Resilience:MaxRetryAttempts", "-1", "Collect:Kubernetes:Resilience:MaxRetryAttempts")]
    [InlineData("Collect:Prometheus:Url", "prometheus:9090", "Collect:Prometheus:Url")]
    [InlineData("Inspection:ReportLinkLifetime", "00:00:10", "Inspection:ReportLinkLifetime")]
    [InlineData("Inspection:Metrics:Window", "00:01:00", "Inspection:Metrics:Window")]
    [InlineData("Inspection:Metrics:PvcUsageMedium", "2", "Inspection:Metrics:PvcUsageMedium")]
    public async Task InvalidSetting_HostStart_FailsNamingTheSetting(string key, string value, string expectedName)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expectedName, error.Message, StringComparison.Ordinal);
    }
}
