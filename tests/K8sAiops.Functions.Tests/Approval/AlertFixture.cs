using System.Net;
using System.Text.Json;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Durable;
using K8sAiops.Functions.Alerts;
using K8sAiops.Functions.Tests.Support;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Testing.ChatReceivers;

namespace K8sAiops.Functions.Tests.Approval;

/// <summary>
/// A host with remediation on (the default policy: every fix asks), a sandbox cluster with one injected fault, and two
/// chat channels (a Slack receiver and a signed generic webhook) that check every card they get.
/// </summary>
internal sealed class AlertFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
    public const string WebhookSecret = "webhook-secret-0123456789abcdef";

    private AlertFixture(TestHost host, SandboxServer sandbox, InjectedFault fault, SlackReceiver slack, WebhookReceiver webhook, string kubeconfig)
    {
        Host = host;
        Sandbox = sandbox;
        Fault = fault;
        Slack = slack;
        Webhook = webhook;
        Kubeconfig = kubeconfig;
    }

    public TestHost Host { get; private set; }

    public SandboxServer Sandbox { get; }

    public InjectedFault Fault { get; }

    public SlackReceiver Slack { get; }

    public WebhookReceiver Webhook { get; }

    public string Kubeconfig { get; }

    /// <summary>The Deployment the fault is in (its culprit, or the culprit pod's owner).</summary>
    public ResourceRef Workload => new("Deployment", Fault.Culprit.Namespace, Fault.Culprit.Name);

    /// <summary>The host's settings: the channels, fast verification, no reminder; <paramref name="settings"/> override them.</summary>
    public static Dictionary<string, string?> Settings(string kubeconfig, SlackReceiver slack, WebhookReceiver webhook, IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Collect:Kubernetes:Kubeconfig"] = kubeconfig,
            ["Notify:Channels:0:Kind"] = "Slack",
            ["Notify:Channels:0:Name"] = "slack",
            ["Notify:Channels:0:Url"] = slack.Url.ToString(),
            ["Notify:Channels:1:Kind"] = "Webhook",
            ["Notify:Channels:1:Name"] = "webhook",
            ["Notify:Channels:1:Url"] = webhook.Url.ToString(),
            ["Notify:Channels:1:Secret"] = WebhookSecret,
            ["Notify:RetryDelay"] = "00:00:00.100",
            ["Approval:ReminderAfter"] = "00:00:00",
            ["Remediation:VerifyInterval"] = "00:00:01",
            ["Remediation:VerifyTimeout"] = "00:00:15",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return all;
    }

    public static async Task<AlertFixture> StartAsync(
        string category, IDictionary<string, string?>? settings = null, Func<InjectedFault, SandboxServerOptions>? sandboxOptions = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = Now });
        var fault = Faults.Inject(snapshot, category, new FaultOptions { Now = Now });
        var sandbox = await SandboxServer.StartAsync(snapshot, sandboxOptions?.Invoke(fault));
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("k8saiops-approval-").FullName, "kubeconfig"));
        var slack = new SlackReceiver();
        var webhook = new WebhookReceiver(WebhookSecret);
        var host = await TestHost.StartAsync(Settings(kubeconfig, slack, webhook, settings), null, defaults: true, configure);
        return new AlertFixture(host, sandbox, fault, slack, webhook, kubeconfig);
    }

    /// <summary>Stops the host and starts another with <paramref name="settings"/> (a restart: same storage, task hub and content root when the settings say so).</summary>
    public async Task RestartAsync(IDictionary<string, string?> settings)
    {
        await Host.DisposeAsync();
        Host = await TestHost.StartAsync(Settings(Kubeconfig, Slack, Webhook, settings), null, defaults: true, configure: null);
    }

    /// <summary>Posts the fault's alert (a new firing when <paramref name="startsAt"/> differs) and returns the instance id.</summary>
    public async Task<string> PostAlertAsync(DateTimeOffset? startsAt = null)
    {
        var response = await Host.Keyed.PostAsync("/api/alerts", AlertWebhooks.Json(AlertWebhooks.For(Fault, Now, startsAt: startsAt)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await TestHost.JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>Waits until the instance asks for a decision and returns what its custom status shows.</summary>
    public async Task<PendingApproval> WaitForApprovalAsync(string instanceId, string? notUrl = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var instance = await Host.Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance is { IsRunning: true } && instance.ReadCustomStatusAs<DiagnosisProgress>()?.Approval is { } approval && approval.Url != notUrl)
                return approval;
            if (instance is { IsRunning: false })
                Assert.Fail($"{instanceId} ended ({instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}) without asking for a decision; output {instance.SerializedOutput}");
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{instanceId} did not ask for a decision within 30 s; status {instance?.SerializedCustomStatus}");
            await Task.Delay(50);
        }
    }

    /// <summary>Posts the approval form to <paramref name="url"/>, as the page's form does.</summary>
    public Task<HttpResponseMessage> DecideAsync(Uri url, string decision, string approver, string comment = "", string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = decision, ["approver"] = approver, ["comment"] = comment }),
        };
        if (userAgent is not null)
            request.Headers.UserAgent.ParseAdd(userAgent);
        return Host.Client.SendAsync(request);
    }

    /// <summary>Waits for the instance to finish and returns its diagnosis, failing with the reason when it did not complete.</summary>
    public async Task<Diagnosis> CompleteAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var done = await Host.Durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<Diagnosis>()!;
    }

    public async Task<List<AuditEntry>> AuditAsync(string instanceId)
    {
        var response = await Host.Keyed.GetAsync($"/api/instances/{instanceId}/audit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<List<AuditEntry>>(await response.Content.ReadAsStringAsync(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>The writes the cluster took from the product (dry runs and refused writes, e.g. a 409 precondition, excluded).</summary>
    public List<SandboxRequest> Writes() =>
        [.. Sandbox.Requests.Snapshot().Where(r => r.IsResourceRequest && r.Verb is "create" or "update" or "patch" or "delete" or "deletecollection" && !r.DryRun && r.StatusCode is >= 200 and < 300)];

    /// <summary>The memory limit of the workload's first container, as the cluster holds it now.</summary>
    public string? MemoryLimit() =>
        Sandbox.GetObject(ResourceKinds.Deployment, Workload.Namespace, Workload.Name)?["spec"]?["template"]?["spec"]?["containers"]?[0]?["resources"]?["limits"]?["memory"]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Slack.DisposeAsync();
        await Webhook.DisposeAsync();
    }
}
