using K8sAiops.Durable.Client;
using K8sAiops.Durable.Tests.Orchestrations;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>An orchestrator changed while an instance runs is caught on replay, naming both tasks.</summary>
public sealed class NonDeterminismTests
{
    [Fact]
    public async Task OrchestratorChangedMidFlight_Replay_FailsNamingExpectedAndActualTask()
    {
        var hubName = K8sAiops.Testing.Azurite.NewTaskHubName("nd");
        string id;
        await using (var v1 = await TestHub.StartAsync(await AzuriteStoreFactory.CreateAzureStoreAsync(hubName), r => r
                         .AddActivityFunc<string, string>("CollectEvidence", (_, s) => s)
                         .AddOrchestratorFunc<object?, string>("Diagnose", async (ctx, _) =>
                         {
                             await ctx.CallActivityAsync<string>("CollectEvidence", "pod");
                             return await ctx.WaitForExternalEvent<string>("Continue");
                         })))
        {
            id = await v1.Client.ScheduleNewOrchestrationInstanceAsync("Diagnose");
            for (var i = 0; i < 200 && !(await v1.Client.GetHistoryAsync(id)).OfType<History.TaskCompleted>().Any(); i++)
            {
                await Task.Delay(50);
            }
        }

        await using var v2 = await TestHub.StartAsync(await AzuriteStoreFactory.CreateAzureStoreAsync(hubName), r => r
            .AddActivityFunc<string, string>("AnalyzeEvidence", (_, s) => s)
            .AddOrchestratorFunc<object?, string>("Diagnose", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("AnalyzeEvidence", "pod");
                return await ctx.WaitForExternalEvent<string>("Continue");
            }));
        await v2.Client.RaiseEventAsync(id, "Continue", "go");
        var result = await v2.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("'CollectEvidence'", result.FailureDetails.ErrorMessage);
        Assert.Contains("'AnalyzeEvidence'", result.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task OrchestratorSchedulesLessOnReplay_FailsNamingMissingTask()
    {
        var hubName = K8sAiops.Testing.Azurite.NewTaskHubName("nd");
        string id;
        await using (var v1 = await TestHub.StartAsync(await AzuriteStoreFactory.CreateAzureStoreAsync(hubName), r => r
                         .AddActivityFunc<string, string>("Notify", (_, s) => s)
                         .AddOrchestratorFunc<object?, string>("Flow", async (ctx, _) =>
                         {
                             ctx.SendEvent("elsewhere", "ping", null);
                             await ctx.CallActivityAsync<string>("Notify", "x");
                             return await ctx.WaitForExternalEvent<string>("Continue");
                         })))
        {
            id = await v1.Client.ScheduleNewOrchestrationInstanceAsync("Flow");
            for (var i = 0; i < 200 && !(await v1.Client.GetHistoryAsync(id)).OfType<History.TaskCompleted>().Any(); i++)
            {
                await Task.Delay(50);
            }
        }

        await using var v2 = await TestHub.StartAsync(await AzuriteStoreFactory.CreateAzureStoreAsync(hubName), r => r
            .AddActivityFunc<string, string>("Notify", (_, s) => s)
            .AddOrchestratorFunc<object?, string>("Flow", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("Notify", "x");
                return await ctx.WaitForExternalEvent<string>("Continue");
            }));
        await v2.Client.RaiseEventAsync(id, "Continue", "go");
        var result = await v2.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("event 'ping'", result.FailureDetails!.ErrorMessage);
        Assert.Contains("activity 'Notify'", result.FailureDetails.ErrorMessage);
    }
}
