using System.Net;
using System.Text;
using K8sAiops.Durable;
using K8sAiops.Durable.History;
using K8sAiops.Functions.Tests.Support;

namespace K8sAiops.Functions.Tests.Management;

public sealed class InstanceControlTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task RaiseEvent_RunningInstance_Returns202AndDeliversPayload()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        using var response = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/raiseEvent/{TestOrchestrations.ApprovalEvent}", Json("""{"approved":true}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await host.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("""{"approved":true}""", done.SerializedOutput);
    }

    [Fact]
    public async Task RaiseEvent_FinishedInstance_Returns410()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Echo, "x");
        await host.CompleteAsync(id);

        using var response = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/raiseEvent/Anything", Json("1"));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_Returns404()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.PostAsync($"{TestHost.Instances}/nobody/raiseEvent/Anything", Json("1"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_NonJsonBody_Returns400AndChangesNothing()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        using var response = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/raiseEvent/{TestOrchestrations.ApprovalEvent}", Json("approved, please"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await TestHost.JsonAsync(response);
        Assert.Contains("not JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Durable.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.DoesNotContain(await host.Durable.GetHistoryAsync(id), e => e is EventRaised);
    }

    [Fact]
    public async Task SuspendThenResume_RunningInstance_StatusFollowsAndInstanceStillCompletes()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        using var suspend = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/suspend?reason=maintenance", null);
        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        using var status = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}");
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);

        using var resume = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/resume?reason=done", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        using var raise = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/raiseEvent/{TestOrchestrations.ApprovalEvent}", Json("true"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.CompleteAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task Terminate_RunningInstance_Returns202AndTerminatesThenFinishedReturns410()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.AwaitApproval);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        using var terminate = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/terminate?reason=no%20longer%20needed", null);

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.CompleteAsync(id)).RuntimeStatus);
        using var again = await host.Keyed.PostAsync($"{TestHost.Instances}/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        using var status = await host.Keyed.GetAsync($"{TestHost.Instances}/{id}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Theory]
    [InlineData("terminate")]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task Control_UnknownInstance_Returns404(string action)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.PostAsync($"{TestHost.Instances}/nobody/{action}", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
