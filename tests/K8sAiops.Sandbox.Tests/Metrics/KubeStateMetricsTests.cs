using K8sAiops.Sandbox.Server.Metrics;

namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class KubeStateMetricsTests
{
    private static readonly string[] RequiredFamilies =
    [
        "kube_pod_info", "kube_pod_status_phase", "kube_pod_status_ready", "kube_pod_container_status_restarts_total",
        "kube_pod_container_status_waiting_reason", "kube_pod_container_status_terminated_reason",
        "kube_pod_container_status_last_terminated_reason", "kube_pod_owner",
        "kube_deployment_spec_replicas", "kube_deployment_status_replicas_available", "kube_deployment_status_replicas_updated",
        "kube_deployment_status_observed_generation", "kube_deployment_metadata_generation",
        "kube_statefulset_replicas", "kube_statefulset_status_replicas", "kube_statefulset_status_replicas_ready",
        "kube_statefulset_status_replicas_current", "kube_statefulset_status_replicas_updated",
        "kube_statefulset_status_observed_generation", "kube_statefulset_metadata_generation",
        "kube_daemonset_status_current_number_scheduled", "kube_daemonset_status_desired_number_scheduled",
        "kube_daemonset_status_number_available", "kube_daemonset_status_number_misscheduled",
        "kube_daemonset_status_updated_number_scheduled",
        "kube_job_failed", "kube_job_status_active", "kube_job_status_succeeded", "kube_job_status_failed", "kube_job_owner",
        "kube_node_status_condition", "kube_node_spec_taint", "kube_node_spec_unschedulable",
        "kube_persistentvolumeclaim_status_phase",
        "kube_horizontalpodautoscaler_spec_max_replicas", "kube_horizontalpodautoscaler_spec_min_replicas",
        "kube_horizontalpodautoscaler_status_current_replicas", "kube_horizontalpodautoscaler_status_desired_replicas",
        "kube_resourcequota",
        "kube_pod_container_resource_requests", "kube_pod_container_resource_limits", "kube_node_status_allocatable",
    ];

    [Fact]
    public async Task Get_SyntheticClusterWithFaults_EveryFamilyOnceWithKsmHelpAndType()
    {
        var cluster = FaultyCluster.Create();
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = Exposition.Parse(await FaultyCluster.ScrapeAsync(server));

        Assert.Equal(scrape.FamilyOrder.Count, scrape.FamilyOrder.Distinct().Count());
        foreach (var family in RequiredFamilies)
        {
            Assert.True(scrape.Help.ContainsKey(family), $"no HELP for {family}");
            Assert.Equal(family == "kube_pod_container_status_restarts_total" ? "counter" : "gauge", scrape.Type[family]);
        }

        Assert.Equal("[STABLE] Describes the reason the container is currently in waiting state.", scrape.Help["kube_pod_container_status_waiting_reason"]);
        Assert.Equal("[STABLE] Number of desired pods for a deployment.", scrape.Help["kube_deployment_spec_replicas"]);
        Assert.Equal("[STABLE] The condition of a cluster node.", scrape.Help["kube_node_status_condition"]);
        Assert.All(scrape.Samples, s => Assert.Contains(s.Name, scrape.FamilyOrder));
        Assert.All(scrape.Of("kube_pod_info"), s => Assert.Equal(["namespace", "pod", "uid"], s.Labels.Take(3).Select(l => l.Key)));
        Assert.All(scrape.Of("kube_pod_status_phase").GroupBy(s => s["uid"]), pod => Assert.Equal(1, pod.Sum(s => s.Value)));
    }

    [Fact]
    public async Task Get_CrashLoopAndImagePull_WaitingReasonSeriesCarryTheAlertLabels()
    {
        var cluster = FaultyCluster.Create("crash-loop", "image-pull");
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = Exposition.Parse(await FaultyCluster.ScrapeAsync(server));

        var alert = cluster.Faults["crash-loop"].AlertLabels;
        var crashing = Assert.Single(scrape.Of("kube_pod_container_status_waiting_reason"), s => s["pod"] == alert["pod"] && s["reason"] == "CrashLoopBackOff");
        Assert.Equal(
            [("namespace", alert["namespace"]), ("pod", alert["pod"]), ("uid", alert["uid"]), ("container", alert["container"]), ("reason", "CrashLoopBackOff")],
            crashing.Labels.Select(l => (l.Key, l.Value)));
        Assert.Equal(1, crashing.Value);
        Assert.Contains(scrape.Of("kube_pod_container_status_last_terminated_reason"), s => s.Has(("pod", alert["pod"]), ("container", alert["container"])));

        var notReady = cluster.Faults["image-pull"].AlertLabels;
        Assert.Contains(scrape.Of("kube_pod_container_status_waiting_reason"),
            s => s.Has(("pod", notReady["pod"])) && s["reason"] is "ImagePullBackOff" or "ErrImagePull");
        Assert.Contains(scrape.Of("kube_pod_status_phase"), s => s.Has(("pod", notReady["pod"]), ("phase", "Pending")) && s.Value == 1);
        Assert.Contains(scrape.Of("kube_pod_owner"), s => s.Has(("pod", notReady["pod"]), ("owner_kind", "ReplicaSet"), ("owner_is_controller", "true")));
    }

    [Fact]
    public async Task Get_WorkloadJobAndNodeFaults_ValuesThatFireTheMixinRules()
    {
        var cluster = FaultyCluster.Create("scaled-to-zero", "job-failed", "node-not-ready", "quota-exceeded");
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = Exposition.Parse(await FaultyCluster.ScrapeAsync(server));

        var deployment = cluster.Faults["scaled-to-zero"].AlertLabels;
        var key = (("namespace", deployment["namespace"]), ("deployment", deployment["deployment"]));
        var spec = Assert.Single(scrape.Of("kube_deployment_spec_replicas"), s => s.Has(key.Item1, key.Item2));
        var available = Assert.Single(scrape.Of("kube_deployment_status_replicas_available"), s => s.Has(key.Item1, key.Item2));
        Assert.True(spec.Value > available.Value, $"spec {spec.Value} available {available.Value}");

        var job = cluster.Faults["job-failed"].AlertLabels;
        var failed = scrape.Of("kube_job_failed").Where(s => s.Has(("namespace", job["namespace"]), ("job_name", job["job_name"]))).ToList();
        Assert.Equal(["true", "false", "unknown"], failed.Select(s => s["condition"]));
        Assert.Equal([1d, 0d, 0d], failed.Select(s => s.Value));
        Assert.Contains(scrape.Of("kube_job_owner"), s => s.Has(("job_name", job["job_name"]), ("owner_kind", "CronJob")));

        var node = cluster.Faults["node-not-ready"].AlertLabels["node"];
        var ready = Assert.Single(scrape.Of("kube_node_status_condition"), s => s.Has(("node", node), ("condition", "Ready"), ("status", "true")));
        Assert.Equal(0, ready.Value);
        Assert.Contains(scrape.Of("kube_node_spec_taint"), s => s.Has(("node", node), ("key", "node.kubernetes.io/unreachable")));

        var quota = scrape.Of("kube_resourcequota").Where(s => s["namespace"] == cluster.Faults["quota-exceeded"].AlertTarget.Namespace).ToList();
        Assert.Contains(quota, s => s["type"] == "hard");
        Assert.Contains(quota, s => s["type"] == "used");
    }

    [Fact]
    public async Task Get_RestartEvery_CrashLoopingContainerGainsOneRestartPerInterval()
    {
        var cluster = FaultyCluster.Create("crash-loop");
        var (server, clock) = await cluster.ServeAsync();
        await using var _ = server;
        var alert = cluster.Faults["crash-loop"].AlertLabels;

        var before = Exposition.Parse(await FaultyCluster.ScrapeAsync(server, "?restartEvery=10s"));
        clock.Advance(TimeSpan.FromSeconds(35));
        var after = Exposition.Parse(await FaultyCluster.ScrapeAsync(server, "?restartEvery=10s"));
        var without = Exposition.Parse(await FaultyCluster.ScrapeAsync(server));

        double Restarts(Exposition e, string pod, string container) =>
            Assert.Single(e.Of("kube_pod_container_status_restarts_total"), s => s.Has(("pod", pod), ("container", container))).Value;
        Assert.Equal(Restarts(before, alert["pod"], alert["container"]) + 3, Restarts(after, alert["pod"], alert["container"]));
        Assert.Equal(Restarts(before, alert["pod"], alert["container"]), Restarts(without, alert["pod"], alert["container"]));
        var other = before.Of("kube_pod_container_status_restarts_total").First(s => s["pod"] != alert["pod"]);
        Assert.Equal(other.Value, Restarts(after, other["pod"], other["container"]));
    }

    [Fact]
    public async Task Get_BadRestartEvery_Answers400()
    {
        var (server, _) = await FaultyCluster.Create("crash-loop").ServeAsync();
        await using var _ = server;
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync("metrics?restartEvery=soon");

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task Get_SyntheticClusterWithFaults_PassesPromtoolCheckMetrics()
    {
        var (server, _) = await FaultyCluster.Create().ServeAsync();
        await using var _ = server;
        var text = await FaultyCluster.ScrapeAsync(server);

        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}: {output}");
    }

    [Theory]
    [InlineData(0d, "0")]
    [InlineData(1d, "1")]
    [InlineData(3d, "3")]
    [InlineData(0.5, "0.5")]
    [InlineData(100000d, "100000")]
    [InlineData(1000000d, "1e+06")]
    [InlineData(1684324800d, "1.6843248e+09")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    public void FormatValue_Number_AsGoPercentG(double value, string expected) =>
        Assert.Equal(expected, ExpositionWriter.FormatValue(value));
}
