using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Durable;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Functions.Tests.Support;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Functions.Tests.Alerts;

/// <summary><c>POST /api/alerts</c>: Alertmanager's webhook, against a sandbox cluster with an injected fault.</summary>
public class AlertWebhookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static JsonObject WebhookFor(InjectedFault fault, string status = "firing", DateTimeOffset? startsAt = null)
        => AlertWebhooks.For(fault, Now, status, startsAt);

    private static async Task<(TestHost Host, SandboxServer Sandbox, InjectedFault Fault)> StartAsync(
        string category, Dictionary<string, string?>? settings = null)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = Now });
        var fault = Faults.Inject(snapshot, category, new FaultOptions { Now = Now });
        var sandbox = await SandboxServer.StartAsync(snapshot);
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("k8saiops-alerts-").FullName, "kubeconfig"));
        settings ??= [];
        settings["Collect:Kubernetes:Kubeconfig"] = kubeconfig;
        settings.TryAdd("Remediation:Enabled", "false"); // these tests are about the diagnosis; ApprovalFlowTests cover the fix
        var host = await TestHost.StartAsync(settings);
        return (host, sandbox, fault);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostAlerts_StartMessageCannotBeSent_Answers500LeavesNothingAndTheRetryIsDiagnosed()
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = Now });
        var fault = Faults.Inject(snapshot, "oom-killed", new FaultOptions { Now = Now });
        await using var sandbox = await SandboxServer.StartAsync(snapshot);
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("k8saiops-alerts-").FullName, "kubeconfig"));
        var store = new FirstStartSendFails(new InMemoryOrchestrationStore(TimeProvider.System, 4, "AlertStartFails"));
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["Collect:Kubernetes:Kubeconfig"] = kubeconfig, ["Remediation:Enabled"] = "false" }, null, defaults: true,
            configure: b => b.Services.AddSingleton<IOrchestrationStore>(store));

        var failed = await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault)));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Empty(await host.Durable.GetAllInstancesAsync().ToListAsync()); // nothing Pending for the retry to stumble on

        var retried = await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault)));

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.False(retried.Headers.Contains("K8sAiops-Existing-Instance"));
        var id = (await TestHost.JsonAsync(retried)).GetProperty("id").GetString()!;
        var done = await host.CompleteAsync(id);
        Assert.Equal("oom-killed", done.ReadOutputAs<Diagnosis>()!.RootCause.Category);
    }

    /// <summary>Storage whose queue refuses the first start message, as a transient outage would.</summary>
    private sealed class FirstStartSendFails(IOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
    {
        private int _failed;

        public override Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
            => messages.Any(m => m.Message.Event is ExecutionStarted) && Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new IOException("The queue is unreachable (test).")
                : Inner.SendAsync(messages, cancellationToken);
    }

    [Fact]
    public async Task PostAlerts_FiringGroup_DiagnosesItAndAnswers202WithManagementUrls()
    {
        var (host, sandbox, fault) = await StartAsync("oom-killed");
        await using var _ = host;
        await using var __ = sandbox;

        var response = await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("alert-", id, StringComparison.Ordinal);
        Assert.Contains(id, body.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
        var done = await host.CompleteAsync(id);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}");
        var diagnosis = done.ReadOutputAs<Diagnosis>()!;
        Assert.Equal("oom-killed", diagnosis.RootCause.Category);
        Assert.Equal(fault.Culprit.Name, diagnosis.RootCause.Resource?.Name);
        Assert.NotEmpty(diagnosis.RootCause.Evidence);
        Assert.Contains("diagnosed", done.SerializedCustomStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAlerts_NotifyWebhookConfigured_PostsTheDiagnosisToIt()
    {
        await using var receiver = K8sAiops.Testing.LoopbackHttpServer.Start(_ => K8sAiops.Testing.LoopbackResponse.Json("{}"));
        var (host, sandbox, fault) = await StartAsync("image-pull",
            new Dictionary<string, string?> { ["Notify:Webhook:Url"] = new Uri(receiver.BaseAddress, "hooks/oncall").ToString() });
        await using var _ = host;
        await using var __ = sandbox;

        var id = (await TestHost.JsonAsync(await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault))))).GetProperty("id").GetString()!;
        await host.CompleteAsync(id);

        var post = Assert.Single(receiver.Requests, r => r.Method == "POST" && r.Path == "/hooks/oncall");
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(id, body.RootElement.GetProperty("instanceId").GetString());
        Assert.Equal("image-pull", body.RootElement.GetProperty("category").GetString());
        Assert.Equal(fault.Culprit.Name, body.RootElement.GetProperty("culprit").GetProperty("name").GetString());
        Assert.StartsWith($"{id}:", body.RootElement.GetProperty("idempotencyKey").GetString(), StringComparison.Ordinal);
        Assert.Contains(id, body.RootElement.GetProperty("statusUrl").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestHost.Key, post.Body, StringComparison.Ordinal); // the function key never leaves the host
        Assert.EndsWith("diagnosis.md", body.RootElement.GetProperty("reportUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAlerts_SameFiringGroupTwice_StartsOneOrchestration()
    {
        var (host, sandbox, fault) = await StartAsync("crash-loop");
        await using var _ = host;
        await using var __ = sandbox;
        var webhook = WebhookFor(fault);

        var first = await host.Keyed.PostAsync("/api/alerts", Json(webhook));
        var second = await host.Keyed.PostAsync("/api/alerts", Json(webhook));

        var firstId = (await TestHost.JsonAsync(first)).GetProperty("id").GetString();
        var secondId = (await TestHost.JsonAsync(second)).GetProperty("id").GetString();
        Assert.Equal(firstId, secondId);
        Assert.True(second.Headers.Contains("K8sAiops-Existing-Instance"));
        await host.CompleteAsync(firstId!);
        var all = await host.Durable.GetAllInstancesAsync().ToListAsync();
        Assert.Single(all, i => i.Name == "DiagnoseAlertOrchestration");
    }

    [Fact]
    public async Task PostAlerts_SameAlertsFiringAgainLater_StartADiagnosisOfTheirOwn()
    {
        var (host, sandbox, fault) = await StartAsync("crash-loop");
        await using var _ = host;
        await using var __ = sandbox;

        var first = (await TestHost.JsonAsync(await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault))))).GetProperty("id").GetString()!;
        await host.CompleteAsync(first);
        var again = await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault, startsAt: Now.AddMinutes(-2))));

        var second = (await TestHost.JsonAsync(again)).GetProperty("id").GetString()!;
        Assert.NotEqual(first, second);
        Assert.False(again.Headers.Contains("K8sAiops-Existing-Instance"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.CompleteAsync(second)).RuntimeStatus);
    }

    [Fact]
    public async Task PostAlerts_ResolvedAfterDiagnosis_IsRecordedBesideIt()
    {
        var (host, sandbox, fault) = await StartAsync("crash-loop");
        await using var _ = host;
        await using var __ = sandbox;
        var id = (await TestHost.JsonAsync(await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault))))).GetProperty("id").GetString()!;
        await host.CompleteAsync(id);

        var resolved = await host.Keyed.PostAsync("/api/alerts", Json(WebhookFor(fault, "resolved")));

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var receipt = await TestHost.JsonAsync(resolved);
        Assert.Equal(id, receipt.GetProperty("instanceId").GetString());
        Assert.True(receipt.GetProperty("recorded").GetBoolean());
        var store = host.App.Services.GetRequiredService<K8sAiops.Activities.Report.IReportStore>();
        Assert.NotNull(await store.ReadAsync(id, "resolved.json"));
        Assert.NotNull(await store.ReadAsync(id, "diagnosis.json"));
    }

    public static TheoryData<string, string, int> MalformedBodies() => new()
    {
        { "not json", "not a valid Alertmanager webhook", 400 },
        { """{"version":"4","groupKey":"g","status":"firing","alerts":[]}""", "'alerts' is missing or empty", 400 },
        { """{"version":"4","groupKey":"g","status":"firing"}""", "'alerts' is missing or empty", 400 },
        { """{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":["a"],"fingerprint":"f","startsAt":"2026-11-20T09:00:00Z"}]}""", "$.alerts[0].labels", 400 },
        { """{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":{"alertname":"X"},"fingerprint":"f","startsAt":42}]}""", "$.alerts[0].startsAt", 400 },
        { """{"version":"3","groupKey":"g","alerts":[{"status":"firing","labels":{"alertname":"X"},"fingerprint":"f","startsAt":"2026-11-20T09:00:00Z"}]}""", "version 4", 400 },
        { """{"version":"4","groupKey":"g","alerts":[{"status":"burning","labels":{"alertname":"X"},"fingerprint":"f","startsAt":"2026-11-20T09:00:00Z"}]}""", "alerts[0].status", 400 },
        { """{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":{"severity":"page"},"fingerprint":"f","startsAt":"2026-11-20T09:00:00Z"}]}""", "no 'alertname'", 400 },
        { "{\"version\":\"4\",\"groupKey\":\"g\",\"padding\":\"" + new string('x', 1_100_000) + "\"}", "larger than 1048576 bytes", 413 },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task PostAlerts_MalformedBody_AnswersProblemAndStartsNothing(string body, string problem, int status)
    {
        await using var host = await TestHost.StartAsync();

        var response = await host.Keyed.PostAsync("/api/alerts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var details = await TestHost.JsonAsync(response);
        Assert.Contains(problem, details.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await host.Durable.GetAllInstancesAsync().ToListAsync());
    }

    [Fact]
    public async Task PostAlerts_WithoutKey_Answers401()
    {
        await using var host = await TestHost.StartAsync();

        var response = await host.Client.PostAsync("/api/alerts", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
