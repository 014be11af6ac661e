using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Tests.Orchestrations;

namespace K8sAiops.Durable.Tests.Storage;

/// <summary>
/// A message received again after its visibility ran out carries a new pop receipt; the first receiver's delete,
/// release or renewal then gets 400 PopReceiptMismatch from Azure Storage. That means "no longer yours", as 404 does,
/// and must not fail the caller (an activity would otherwise count as failed and run again).
/// </summary>
public sealed class StalePopReceiptTests
{
    [Fact]
    public async Task MessageReceivedAgain_FirstReceiversDeleteReleaseAndRenew_DoNotThrow()
    {
        var store = await AzuriteStoreFactory.CreateAzureStoreAsync();
        await store.CreateIfNotExistsAsync();
        var client = new DurableTaskClient(store, TimeProvider.System);
        var id = await client.ScheduleNewOrchestrationInstanceAsync("Anything", 1);
        var partition = Partitioning.PartitionOf(id, store.PartitionCount);

        var first = Assert.Single(await store.ReceiveControlMessagesAsync(partition, 1, TimeSpan.FromSeconds(1)));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = Assert.Single(await store.ReceiveControlMessagesAsync(partition, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, second.DequeueCount);

        await store.RenewMessageAsync(first, TimeSpan.FromSeconds(30));
        await store.ReleaseMessageAsync(first, TimeSpan.Zero);
        await store.DeleteMessageAsync(first);

        // The second receiver still holds it: nothing the first one did changed that.
        Assert.Empty(await store.ReceiveControlMessagesAsync(partition, 1, TimeSpan.FromSeconds(30)));
        await store.DeleteMessageAsync(second);
        await store.DeleteTaskHubAsync();
    }
}
