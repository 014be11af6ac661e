using System.Net;
using System.Text;
using K8sAiops.Functions.Tests.Support;
using K8sAiops.Testing;

namespace K8sAiops.Functions.Tests.EndToEnd;

/// <summary>The host on Azure Storage (Azurite, started by the test support): start over HTTP, follow the status URL, purge.</summary>
public sealed class AzuriteHostTests
{
    [Fact]
    public async Task Starter_OnAzurite_RunsToCompletionThroughTheManagementApi()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Durable:TaskHubName"] = Azurite.NewTaskHubName("fnaz"),
        });

        using var health = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("AzureStorage", (await TestHost.JsonAsync(health)).GetProperty("storage").GetString());

        using var started = await host.Keyed.PostAsync(
            $"/api/orchestrators/{TestOrchestrations.Greet}", new StringContent("""["Tokyo","Seattle","London"]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var statusUri = (await TestHost.JsonAsync(started)).GetProperty("statusQueryGetUri").GetString()!;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage status;
        while (true)
        {
            status = await host.Client.GetAsync(statusUri + "&showHistory=true");
            if (status.StatusCode != HttpStatusCode.Accepted || DateTime.UtcNow > deadline)
            {
                break;
            }

            Assert.NotNull(status.Headers.Location);
            status.Dispose();
            await Task.Delay(100);
        }

        using (status)
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            var body = await TestHost.JsonAsync(status);
            Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
            Assert.Equal(3, body.GetProperty("input").GetArrayLength());
            Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], body.GetProperty("output").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(3, body.GetProperty("historyEvents").EnumerateArray().Count(e => e.GetProperty("EventType").GetString() == "TaskCompleted"));
        }

        using var purge = await host.Client.DeleteAsync(statusUri);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        using var gone = await host.Client.GetAsync(statusUri);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
