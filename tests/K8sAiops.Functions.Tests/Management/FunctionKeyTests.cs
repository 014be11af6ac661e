using System.Net;
using K8sAiops.Functions.Tests.Support;

namespace K8sAiops.Functions.Tests.Management;

public sealed class FunctionKeyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("?code=wrong-key-0123456789")]
    public async Task ManagementApi_WithoutValidKey_Returns401ProblemDetails(string query)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client.GetAsync($"{TestHost.Instances}{query}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("x-functions-key", (await TestHost.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementApi_KeyInCodeQuery_IsAccepted()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client.GetAsync($"{TestHost.Instances}?code={TestHost.Key}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_KeyInHeader_IsAccepted()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Keyed.GetAsync(TestHost.Instances);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Starter_WithoutKey_Returns401()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client.PostAsync($"/api/orchestrators/{TestOrchestrations.Echo}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Host_NoKeyConfigured_GeneratesKeyFileWhoseKeyOpensTheApi()
    {
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["Management:FunctionKeys"] = "" });

        var keyFile = Path.Combine(host.ContentRoot, ".artifacts", "host", "function-key");
        Assert.True(File.Exists(keyFile));
        var key = (await File.ReadAllTextAsync(keyFile)).Trim();
        using var withKey = await host.Client.GetAsync($"{TestHost.Instances}?code={Uri.EscapeDataString(key)}");
        using var withOldKey = await host.Client.GetAsync($"{TestHost.Instances}?code={TestHost.Key}");
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withOldKey.StatusCode);
    }
}
