using Azure.Data.Tables;
using Azure.Storage.Queues;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Tests.Orchestrations;
using K8sAiops.Testing;

namespace K8sAiops.Durable.Tests.Storage;

/// <summary>Messages the runtime cannot read are kept in the {hub}Poison table, and the queue keeps moving.</summary>
public sealed class PoisonMessageTests
{
    [Fact]
    public async Task ControlQueue_UnreadableMessages_MovedToPoisonTableAndPartitionKeepsWorking()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var hubName = Azurite.NewTaskHubName("poison");
        var store = await AzuriteStoreFactory.CreateAzureStoreAsync(hubName);
        await using var hub = await TestHub.CreateAsync(store, r => r.AddOrchestratorFunc<int, int>("Echo", (_, n) => Task.FromResult(n)));
        var queueName = $"{hubName.ToLowerInvariant()}-control-00";
        var base64 = new QueueClient(connection, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var plain = new QueueClient(connection, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var notJson = (await base64.SendMessageAsync("{\"Kind\": \"not a task message")).Value.MessageId;
        var notBase64 = (await plain.SendMessageAsync("plain text %%% from another producer")).Value.MessageId;

        await hub.AddWorkerAsync();
        var id = Enumerable.Range(0, 100).Select(i => $"echo-{i}").First(i => Partitioning.PartitionOf(i, store.PartitionCount) == 0);
        var result = await hub.RunAsync("Echo", 7, id, TimeSpan.FromSeconds(30));
        Assert.Equal(7, result.ReadOutputAs<int>());

        var poison = new TableClient(connection, $"{hubName}Poison");
        var rows = new List<TableEntity>();
        for (var attempt = 0; attempt < 50 && rows.Count < 2; attempt++)
        {
            rows = await poison.QueryAsync<TableEntity>().ToListAsync();
            await Task.Delay(100);
        }

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(queueName, r.PartitionKey));
        var json = Assert.Single(rows, r => r.RowKey == notJson);
        Assert.Equal("{\"Kind\": \"not a task message", json.GetString("Body"));
        Assert.Contains("Exception", json.GetString("Error"), StringComparison.Ordinal);
        Assert.True(json.GetInt32("DequeueCount") >= 1);
        var text = Assert.Single(rows, r => r.RowKey == notBase64);
        Assert.Equal("plain text %%% from another producer", text.GetString("Body"));
        Assert.Contains("not Base64", text.GetString("Error"), StringComparison.Ordinal);
        Assert.Empty((await plain.PeekMessagesAsync(32)).Value);
    }
}
