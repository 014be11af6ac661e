using System.Net;
using K8sAiops.Durable;
using K8sAiops.Functions.Tests.Support;

namespace K8sAiops.Functions.Tests.Management;

public sealed class MalformedRequestTests
{
    [Theory]
    [InlineData("?runtimeStatus=Running,Sleeping", "runtimeStatus")]
    [InlineData("?runtimeStatus=7", "runtimeStatus")]
    [InlineData("?createdTimeFrom=yesterday", "createdTimeFrom")]
    [InlineData("?createdTimeTo=2025-13-45", "createdTimeTo")]
    [InlineData("?top=0", "top")]
    [InlineData("?top=-3", "top")]
    [InlineData("?showInput=maybe", "showInput")]
    [InlineData("?taskHub=SomeOtherHub", "taskHub")]
    public async Task List_MalformedQuery_Returns400NamingTheParameter(string query, string parameter)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"'{parameter}'", (await TestHost.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%20padded")]
    [InlineData("a%3Fb")]
    public async Task Status_BadInstanceId_Returns400(string encodedId)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.GetAsync($"{TestHost.Instances}/{encodedId}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("instance id", (await TestHost.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_TooLongInstanceId_Returns400()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.PostAsync($"{TestHost.Instances}/{new string('a', 300)}/terminate", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PurgeMany_UnknownStatus_Returns400AndPurgesNothing()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartOrchestrationAsync(TestOrchestrations.Echo, 1);
        await host.CompleteAsync(id);

        using var response = await host.Keyed.DeleteAsync($"{TestHost.Instances}?runtimeStatus=Completed,Finished");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Durable.GetInstanceAsync(id))!.RuntimeStatus);
    }
}
