namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class UsagePromtoolTests
{
    [Theory]
    [InlineData("metrics/cadvisor")]
    [InlineData("metrics/kubelet")]
    public async Task Get_SyntheticClusterWithFaults_PassesPromtoolCheckMetrics(string path)
    {
        var (server, _) = await FaultyCluster.Create().ServeAsync();
        await using var _ = server;
        var text = await UsageCluster.ScrapeTextAsync(server, path);

        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}: {output}");
    }

    /// <summary>node-exporter's own names (<c>node_memory_MemAvailable_bytes</c>) fail promtool's snake_case lint on a real node too; nothing else may.</summary>
    [Fact]
    public async Task GetNodeExporter_SyntheticClusterWithFaults_PromtoolFindsOnlyNodeExportersCamelCaseNames()
    {
        var (server, _) = await FaultyCluster.Create().ServeAsync();
        await using var _ = server;
        var text = await UsageCluster.ScrapeTextAsync(server, "metrics/node-exporter");

        var (_, output) = await Promtool.CheckMetricsAsync(text);

        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["node_memory_MemAvailable_bytes metric names should be written in 'snake_case' not 'camelCase'",
             "node_memory_MemTotal_bytes metric names should be written in 'snake_case' not 'camelCase'"],
            problems);
    }
}
