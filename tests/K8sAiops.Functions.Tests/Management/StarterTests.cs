using System.Net;
using System.Text;
using K8sAiops.Durable;
using K8sAiops.Functions.Tests.Support;

namespace K8sAiops.Functions.Tests.Management;

public sealed class StarterTests
{
    [Fact]
    public async Task Starter_KnownOrchestrator_ReturnsCheckStatusResponse()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.PostAsync(
            $"/api/orchestrators/{TestOrchestrations.Echo}?instanceId=order-42", new StringContent("""{"n":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal(
            ["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "suspendPostUri", "resumePostUri"],
            body.EnumerateObject().Select(p => p.Name));
        var hub = host.Durable.Store.TaskHubName;
        var status = $"http://localhost/runtime/webhooks/durabletask/instances/order-42?taskHub={hub}&connection=Storage&code={TestHost.Key}";
        Assert.Equal("order-42", body.GetProperty("id").GetString());
        Assert.Equal(status, body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(status, response.Headers.Location?.ToString());
        Assert.Equal(status, body.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal(
            $"http://localhost/runtime/webhooks/durabletask/instances/order-42/raiseEvent/{{eventName}}?taskHub={hub}&connection=Storage&code={TestHost.Key}",
            body.GetProperty("sendEventPostUri").GetString());
        Assert.Equal(
            $"http://localhost/runtime/webhooks/durabletask/instances/order-42/terminate?reason={{text}}&taskHub={hub}&connection=Storage&code={TestHost.Key}",
            body.GetProperty("terminatePostUri").GetString());
        Assert.StartsWith("http://localhost/runtime/webhooks/durabletask/instances/order-42/suspend?reason={text}&", body.GetProperty("suspendPostUri").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/runtime/webhooks/durabletask/instances/order-42/resume?reason={text}&", body.GetProperty("resumePostUri").GetString(), StringComparison.Ordinal);

        var done = await host.CompleteAsync("order-42");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("""{"n":1}""", done.SerializedOutput);
        using var followed = await host.Client.GetAsync(status);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
    }

    [Fact]
    public async Task Starter_UnknownOrchestrator_Returns404()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.PostAsync("/api/orchestrators/NoSuchThing", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Starter_NonJsonBody_Returns400AndStartsNothing()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.PostAsync(
            $"/api/orchestrators/{TestOrchestrations.Echo}?instanceId=bad-body", new StringContent("{oops", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await host.Durable.GetInstanceAsync("bad-body"));
    }

    [Fact]
    public async Task Starter_RunningInstanceIdReused_Returns409()
    {
        await using var host = await TestHost.StartAsync();
        await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval, instanceId: "busy");

        using var response = await host.Keyed.PostAsync($"/api/orchestrators/{TestOrchestrations.AwaitApproval}?instanceId=busy", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
