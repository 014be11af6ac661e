using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using K8sAiops.Durable;
using K8sAiops.Functions.Tests.Support;

namespace K8sAiops.Functions.Tests.Management;

public sealed class InstanceStatusTests
{
    [Fact]
    public async Task GetStatus_RunningInstance_Returns202WithLocationAndRetryAfter()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        Assert.Contains($"/runtime/webhooks/durabletask/instances/{id}?taskHub=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal("Running", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("waiting", body.GetProperty("customStatus").GetProperty("stage").GetString());
    }

    [Fact]
    public async Task GetStatus_CompletedInstance_Returns200WithDurableFunctionsFields()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Greet, new[] { "Tokyo", "Seattle" });
        await host.CompleteAsync(id);

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal(
            ["name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TestOrchestrations.Greet, body.GetProperty("name").GetString());
        Assert.Equal(id, body.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!"], body.GetProperty("output").EnumerateArray().Select(e => e.GetString()));
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), body.GetProperty("createdTime").GetString());
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), body.GetProperty("lastUpdatedTime").GetString());
    }

    [Fact]
    public async Task GetStatus_DefaultShowInput_ReturnsInputAsJsonValue()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Echo, new { value = 42 });
        await host.CompleteAsync(id);

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}");

        var body = await TestHost.JsonAsync(response);
        Assert.Equal(42, body.GetProperty("input").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task GetStatus_ShowInputFalse_LeavesInputNull()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Echo, new { value = 42 });
        await host.CompleteAsync(id);

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}?showInput=false");

        var body = await TestHost.JsonAsync(response);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("input").ValueKind);
        Assert.Equal(42, body.GetProperty("output").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task GetStatus_UnknownInstance_Returns404ProblemDetails()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/no-such-instance");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("", HttpStatusCode.OK)]
    [InlineData("?returnInternalServerErrorOnFailure=true", HttpStatusCode.InternalServerError)]
    public async Task GetStatus_FailedInstance_Returns200Or500WhenAsked(string query, HttpStatusCode expected)
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Fail);
        await host.CompleteAsync(id);

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}{query}");

        Assert.Equal(expected, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal("Failed", body.GetProperty("runtimeStatus").GetString());
        Assert.Contains("failed on purpose", body.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatus_ShowHistory_FoldsSchedulingRowsIntoCompletions()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Greet, new[] { "Tokyo", "Seattle" });
        await host.CompleteAsync(id);

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}?showHistory=true");

        var history = (await TestHost.JsonAsync(response)).GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(
            ["ExecutionStarted", "TaskCompleted", "TaskCompleted", "ExecutionCompleted"],
            history.Select(e => e.GetProperty("EventType").GetString()));
        Assert.Equal(TestOrchestrations.Greet, history[0].GetProperty("FunctionName").GetString());
        foreach (var completed in history.Where(e => e.GetProperty("EventType").GetString() == "TaskCompleted"))
        {
            Assert.Equal(TestOrchestrations.SayHello, completed.GetProperty("FunctionName").GetString());
            Assert.True(completed.TryGetProperty("ScheduledTime", out _));
            Assert.False(completed.TryGetProperty("Result", out _), "Results are shown only with showHistoryOutput.");
        }

        Assert.Equal("Completed", history[^1].GetProperty("OrchestrationStatus").GetString());
    }

    [Fact]
    public async Task GetStatus_ShowHistoryOutput_IncludesResultsAsJson()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Greet, new[] { "Tokyo" });
        await host.CompleteAsync(id);

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}?showHistory=true&showHistoryOutput=true");

        var history = (await TestHost.JsonAsync(response)).GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("Hello Tokyo!", history.Single(e => e.GetProperty("EventType").GetString() == "TaskCompleted").GetProperty("Result").GetString());
        Assert.Equal("Hello Tokyo!", history[^1].GetProperty("Result")[0].GetString());
    }
}
