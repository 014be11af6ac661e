namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class ResourceMetricsTests
{
    [Fact]
    public async Task Get_ContainerRequestsAndLimits_KsmLabelsAndUnits()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, "metrics");

        Assert.Equal("The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits metric exposed by kube-scheduler instead, as it is more precise.",
            scrape.Help["kube_pod_container_resource_limits"]);
        Assert.Equal("gauge", scrape.Type["kube_pod_container_resource_requests"]);
        var limits = scrape.Of("kube_pod_container_resource_limits")
            .Where(s => s["namespace"] == limited.Namespace && s["container"] == limited.Container && s["pod"].StartsWith(limited.Deployment + "-", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(limits);
        Assert.All(limits, s => Assert.Equal(["namespace", "pod", "uid", "container", "node", "resource", "unit"], s.Labels.Select(l => l.Key)));
        Assert.All(limits, s => Assert.NotEmpty(s["node"]));
        Assert.All(limits.Where(s => s["resource"] == "cpu"), s => Assert.Equal(("core", limited.CpuLimit), (s["unit"], s.Value)));
        Assert.All(limits.Where(s => s["resource"] == "memory"), s => Assert.Equal(("byte", limited.MemoryLimit), (s["unit"], s.Value)));
        Assert.Equal(limits.Count / 2, limits.Count(s => s["resource"] == "memory"));
        Assert.Contains(scrape.Of("kube_pod_container_resource_requests"), s => s["pod"] == limits[0]["pod"] && s["resource"] == "memory" && s["unit"] == "byte");
    }

    [Fact]
    public async Task Get_NodeAllocatable_EveryResourceWithItsUnit()
    {
        var cluster = UsageCluster.Create();
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, "metrics");

        Assert.Equal("[STABLE] The allocatable for different resources of a node that are available for scheduling.", scrape.Help["kube_node_status_allocatable"]);
        var node = cluster.Of("Node").First();
        var name = node["metadata"]!["name"]!.ToString();
        var allocatable = node["status"]!["allocatable"]!;
        double Value(string resource, string unit) => Assert.Single(scrape.Of("kube_node_status_allocatable"), s => s.Has(("node", name), ("resource", resource), ("unit", unit))).Value;
        Assert.Equal(UsageCluster.Cores(allocatable["cpu"]!.ToString()), Value("cpu", "core"));
        Assert.Equal(UsageCluster.Bytes(allocatable["memory"]!.ToString()), Value("memory", "byte"));
        Assert.Equal(UsageCluster.Bytes(allocatable["ephemeral-storage"]!.ToString()), Value("ephemeral_storage", "byte"));
        Assert.Equal(UsageCluster.Cores(allocatable["pods"]!.ToString()), Value("pods", "integer"));
        Assert.All(scrape.Of("kube_node_status_allocatable"), s => Assert.Equal(["node", "resource", "unit"], s.Labels.Select(l => l.Key)));
    }
}
