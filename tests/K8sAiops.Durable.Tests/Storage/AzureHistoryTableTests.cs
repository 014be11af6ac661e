using Azure.Data.Tables;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Tests.Orchestrations;
using K8sAiops.Testing;

namespace K8sAiops.Durable.Tests.Storage;

/// <summary>What the history table holds, read directly from Azurite.</summary>
public sealed class AzureHistoryTableTests
{
    [Fact]
    public async Task ContinueAsNew_TenGenerations_TableKeepsOnlyTheLastExecutionsRows()
    {
        var hubName = Azurite.NewTaskHubName("eternal");
        await using var hub = await TestHub.StartAsync(await AzuriteStoreFactory.CreateAzureStoreAsync(hubName), r => r
            .AddActivityFunc<int, int>("Step", (_, n) => n)
            .AddOrchestratorFunc<int, int>("Eternal", async (ctx, n) =>
            {
                await ctx.CallActivityAsync<int>("Step", n);
                if (n < 10)
                {
                    ctx.ContinueAsNew(n + 1);
                }

                return n;
            }));

        var result = await hub.RunAsync("Eternal", 1);
        Assert.Equal(10, result.ReadOutputAs<int>());
        var history = await hub.Client.GetHistoryAsync(result.InstanceId);

        var table = new TableClient(await Azurite.GetConnectionStringAsync(), $"{hubName}History");
        var rows = 0;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            rows = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == result.InstanceId, select: ["RowKey"]))
            {
                rows++;
            }

            if (rows == history.Count + 1)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(history.Count + 1, rows); // the current execution's events and the sentinel
        Assert.Equal("10", history.OfType<ExecutionStarted>().Single().Input);
    }
}
