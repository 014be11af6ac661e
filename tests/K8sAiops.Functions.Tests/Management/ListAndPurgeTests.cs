using System.Net;
using System.Text.Json;
using K8sAiops.Durable;
using K8sAiops.Functions.Tests.Support;

namespace K8sAiops.Functions.Tests.Management;

public sealed class ListAndPurgeTests
{
    private const string ContinuationHeader = "x-ms-continuation-token";

    [Fact]
    public async Task List_StatusFilterAndTop_PagesThroughContinuationHeader()
    {
        await using var host = await TestHost.StartAsync();
        var completed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            completed.Add(await host.StartOrchestrationAsync(TestOrchestrations.Echo, i));
        }

        var running = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        foreach (var id in completed)
        {
            await host.CompleteAsync(id);
        }

        await host.WaitForStatusAsync(running, OrchestrationRuntimeStatus.Running);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{TestHost.Instances}?runtimeStatus=Completed,Failed&top=2");
            if (token is not null)
            {
                request.Headers.Add(ContinuationHeader, token);
            }

            using var response = await host.Keyed.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await TestHost.JsonAsync(response)).EnumerateArray().ToList();
            Assert.True(page.Count <= 2);
            Assert.All(page, i => Assert.Equal("Completed", i.GetProperty("runtimeStatus").GetString()));
            Assert.All(page, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("input").ValueKind));
            seen.AddRange(page.Select(i => i.GetProperty("instanceId").GetString()!));
            token = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(completed.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task List_CreatedTimeWindowAndShowInput_FiltersAndIncludesInput()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Echo, new { n = 7 });
        await host.CompleteAsync(id);
        var from = DateTime.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var future = DateTime.UtcNow.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ");

        using var inside = await host.Keyed.GetAsync($"{TestHost.Instances}?createdTimeFrom={from}&showInput=true");
        using var after = await host.Keyed.GetAsync($"{TestHost.Instances}?createdTimeFrom={future}");

        var found = (await TestHost.JsonAsync(inside)).EnumerateArray().Single();
        Assert.Equal(7, found.GetProperty("input").GetProperty("n").GetInt32());
        Assert.Empty((await TestHost.JsonAsync(after)).EnumerateArray());
    }

    [Fact]
    public async Task PurgeOne_FinishedInstance_Returns200WithCountThenStatusIs404()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Echo, "x");
        await host.CompleteAsync(id);

        using var purge = await host.Keyed.DeleteAsync($"{TestHost.Instances}/{id}");

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal("""{"instancesDeleted":1}""", await purge.Content.ReadAsStringAsync());
        using var status = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task PurgeOne_UnknownInstance_Returns404()
    {
        await using var host = await TestHost.StartAsync();

        using var purge = await host.Keyed.DeleteAsync($"{TestHost.Instances}/nobody");

        Assert.Equal(HttpStatusCode.NotFound, purge.StatusCode);
    }

    [Fact]
    public async Task PurgeOne_RunningInstance_Returns409AndKeepsIt()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        using var purge = await host.Keyed.DeleteAsync($"{TestHost.Instances}/{id}");

        Assert.Equal(HttpStatusCode.Conflict, purge.StatusCode);
        Assert.NotNull(await host.Durable.GetInstanceAsync(id));
    }

    [Fact]
    public async Task PurgeMany_StatusFilter_DeletesOnlyMatchingFinishedInstances()
    {
        await using var host = await TestHost.StartAsync();
        var completed = new[]
        {
            await host.StartOrchestrationAsync(TestOrchestrations.Echo, 1),
            await host.StartOrchestrationAsync(TestOrchestrations.Echo, 2),
        };
        var failed = await host.StartOrchestrationAsync(TestOrchestrations.Fail);
        var running = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        foreach (var id in completed.Append(failed))
        {
            await host.CompleteAsync(id);
        }

        await host.WaitForStatusAsync(running, OrchestrationRuntimeStatus.Running);

        using var purge = await host.Keyed.DeleteAsync($"{TestHost.Instances}?runtimeStatus=Completed");
        using var nothingLeft = await host.Keyed.DeleteAsync($"{TestHost.Instances}?runtimeStatus=Completed");

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(2, (await TestHost.JsonAsync(purge)).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, nothingLeft.StatusCode);
        Assert.Null(await host.Durable.GetInstanceAsync(completed[0]));
        Assert.NotNull(await host.Durable.GetInstanceAsync(failed));
        Assert.NotNull(await host.Durable.GetInstanceAsync(running));
    }
}
