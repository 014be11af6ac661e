using System.Net;
using K8sAiops.Functions.Cli;
using K8sAiops.Testing;

namespace K8sAiops.Functions.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Invoke_NoArguments_PrintsHelpListingServe()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await K8sAiopsCommandLine.InvokeAsync([], output, error);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("serve", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("serve", "--no-such-option")]
    [InlineData("serve", "--port", "not-a-number")]
    [InlineData("serve", "--setting", "missing-equals")]
    public async Task Invoke_UnknownVerbOrBadOption_ExitsNonZeroSayingWhy(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await K8sAiopsCommandLine.InvokeAsync(args, output, error);

        Assert.NotEqual(0, exitCode);
        Assert.NotEmpty(error.ToString().Trim());
    }

    [Fact]
    public async Task Serve_InvalidSetting_FailsAtStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => K8sAiopsCommandLine.InvokeAsync(
            ["serve", "--port", Azurite.FreePort().ToString(), "-s", "AzureWebJobsStorage=InMemory", "-s", "Durable:PartitionCount=99",
             "-s", "Management:FunctionKeys=cli-test-key-0123456789", "-s", "Serilog:MinimumLevel:Default=Fatal"]));

        Assert.Contains("Durable:PartitionCount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortOption_ListensOnLoopbackAndAnswersHealth()
    {
        var port = Azurite.FreePort();
        using var stop = new CancellationTokenSource();
        var serving = K8sAiopsCommandLine.InvokeAsync(
            ["serve", "--port", port.ToString(), "-s", "AzureWebJobsStorage=InMemory",
             "-s", "Management:FunctionKeys=cli-test-key-0123456789", "-s", "Serilog:MinimumLevel:Default=Warning"],
            cancellationToken: stop.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            HttpStatusCode? status = null;
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && !serving.IsCompleted)
            {
                try
                {
                    using var response = await http.GetAsync("/health");
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
