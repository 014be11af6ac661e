using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Alerts;
using K8sAiops.Functions.Hosting;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Testing;
using K8sAiops.Testing.ChatReceivers;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace K8sAiops.Functions.Tests.EndToEnd;

/// <summary>
/// The whole loop on this machine: Prometheus evaluates the kubernetes-mixin rules over the sandbox's
/// kube-state-metrics, Alertmanager posts the OOM-killed renderer's group to the host (on Azurite), the host sends
/// its diagnosis card to a local receiver of each platform (each checks the payload's documented shape and verifies
/// signatures as the platform does), Debian's Chromium driven by Playwright opens the Approve link from the Slack
/// card and approves on the page, and the fix is applied to the sandbox, verified and reported. Loopback only.
/// </summary>
public sealed class ApprovalEndToEndTests(ITestOutputHelper output)
{
    private const string Key = "e2e-key-0123456789abcdef";
    private const string FeishuSecret = "feishu-secret-0123456789";
    private const string DingTalkSecret = "SEC0123456789abcdef0123456789abcdef";
    private const string WebhookSecret = "webhook-secret-0123456789abcdef";

    [Fact]
    public async Task OomKilledAlert_ApprovedInChromiumFromTheSlackCard_IsFixedVerifiedReportedAndAudited()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = timeout.Token;
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = now });
        var fault = Faults.Inject(snapshot, "oom-killed", new FaultOptions { Now = now });
        await using var sandbox = await SandboxServer.StartAsync(snapshot, ct: ct);
        await using var slack = new SlackReceiver();
        await using var teams = new TeamsReceiver();
        await using var feishu = new FeishuReceiver(FeishuSecret);
        await using var wecom = new WeComReceiver();
        await using var dingtalk = new DingTalkReceiver(DingTalkSecret);
        await using var webhook = new WebhookReceiver(WebhookSecret);
        var receivers = new ChatReceiver[] { slack, teams, feishu, wecom, dingtalk, webhook };

        var work = Directory.CreateTempSubdirectory("k8saiops-approval-e2e-");
        var port = Azurite.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync(),
            ["Durable:TaskHubName"] = Azurite.NewTaskHubName("e2eapprove"),
            ["Http:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Management:FunctionKeys"] = Key,
            ["Collect:Kubernetes:Kubeconfig"] = sandbox.WriteKubeconfig(Path.Combine(work.FullName, "kubeconfig")),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Remediation:VerifyInterval"] = "00:00:01",
            ["Remediation:VerifyTimeout"] = "00:00:30",
        };
        var channels = new (string Kind, ChatReceiver Receiver)[]
        {
            ("Slack", slack), ("Teams", teams), ("Feishu", feishu), ("WeCom", wecom), ("DingTalk", dingtalk), ("Webhook", webhook),
        };
        for (var i = 0; i < channels.Length; i++)
        {
            settings[$"Notify:Channels:{i}:Kind"] = channels[i].Kind;
            settings[$"Notify:Channels:{i}:Name"] = channels[i].Kind.ToLowerInvariant();
            settings[$"Notify:Channels:{i}:Url"] = channels[i].Receiver.Url.ToString();
            if (channels[i].Receiver.Secret is { } secret)
                settings[$"Notify:Channels:{i}:Secret"] = secret;
        }

        await using var host = Program.BuildWebHost(new HostSettings { ContentRoot = work.FullName, EnvironmentName = "Testing", CommandLine = settings });
        await host.StartAsync(ct);
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Add("x-functions-key", Key);
        try
        {
            await using var alertmanager = await AlertmanagerServer.StartAsync(
                new AlertmanagerServerOptions { WebhookUrl = new Uri($"http://127.0.0.1:{port}/api/alerts?code={Key}") }, ct);
            await using var prometheus = await PrometheusServer.StartAsync(new PrometheusServerOptions
            {
                ScrapeTargets =
                [
                    new PrometheusScrapeTarget("kube-state-metrics", [sandbox.BaseAddress.Authority], Params: new Dictionary<string, string> { ["restartEvery"] = "2s" }),
                ],
                RuleFiles = [MixinRules.WriteShortened(work.FullName)],
                Alertmanagers = [alertmanager.Instance],
            }, ct);
            output.WriteLine($"stack up after {watch.Elapsed.TotalSeconds:0.0} s");

            // The renderer's diagnosis card reaches every platform, each payload accepted by its receiver's checks. (The
            // synthetic cluster's other alerts are diagnosed too; their cards are told apart by their instance.)
            var card = await WaitForAsync(() => slack.Messages.FirstOrDefault(m => m.ApproveUrl is not null && m.Text.Contains(fault.Culprit.Name, StringComparison.Ordinal)),
                "a Slack card proposing a fix for " + fault.Culprit.Name, ct);
            var approveUrl = card.ApproveUrl!;
            var instanceId = approveUrl.Segments[^2].TrimEnd('/');
            Assert.StartsWith($"http://127.0.0.1:{port}/approvals/{instanceId}/", approveUrl.AbsoluteUri, StringComparison.Ordinal);
            // A card is this instance's when it links to it (cards of the other groups on the same Deployment name it in their text).
            IReadOnlyList<ReceivedChatMessage> Cards(ChatReceiver receiver) => [.. receiver.Messages.Where(m => receiver == webhook
                ? m.Payload.GetProperty("instanceId").GetString() == instanceId
                : m.Links.Any(l => l.AbsolutePath.Contains($"/{instanceId}/", StringComparison.Ordinal)))];
            foreach (var receiver in receivers)
                await WaitForAsync(() => Cards(receiver).FirstOrDefault(), $"the diagnosis card at {receiver.GetType().Name}", ct);
            output.WriteLine($"diagnosis cards of {instanceId} on all {receivers.Length} channels after {watch.Elapsed.TotalSeconds:0.0} s");
            foreach (var receiver in receivers)
                Assert.Empty(receiver.Rejected);
            Assert.All(receivers.Where(r => r != webhook), r => Assert.NotNull(Cards(r)[0].ApproveUrl));
            var pending = (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct))!.ReadCustomStatusAs<DiagnosisProgress>()!.Approval!;
            Assert.Contains("1280Mi", pending.Summary, StringComparison.Ordinal);

            // A person opens the Slack link in a browser and approves.
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var page = await browser.NewPageAsync();
            var opened = await page.GotoAsync(approveUrl.AbsoluteUri);
            Assert.Equal(200, opened!.Status);
            Assert.Contains("memory: 1280Mi", await page.Locator("pre[aria-label=diff]").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.GetByLabel("Approve: apply the change now").IsCheckedAsync());
            await page.GetByLabel("Your name (required)").FillAsync("Ana Ruiz");
            await page.GetByLabel("Comment").FillAsync("raise it, the statement run is due");
            var decided = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Submit decision" }).ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal(200, decided.Status);
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            Assert.Contains("approved", await page.InnerTextAsync("body"), StringComparison.OrdinalIgnoreCase);
            output.WriteLine($"approved in Chromium after {watch.Elapsed.TotalSeconds:0.0} s");

            using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var finished = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, done.Token);
            Assert.True(finished.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{finished.RuntimeStatus}: {finished.FailureDetails?.ErrorMessage}");
            var remediation = finished.ReadOutputAs<Diagnosis>()!.Remediation!;
            output.WriteLine($"{remediation.Status} after {watch.Elapsed.TotalSeconds:0.0} s: {remediation.Detail}");
            Assert.Equal("verified", remediation.Status);
            Assert.Equal("Ana Ruiz", remediation.DecidedBy);

            // The sandbox holds the change, and its new pods run.
            var deployment = sandbox.GetObject(ResourceKinds.Deployment, fault.Culprit.Namespace, fault.Culprit.Name)!;
            Assert.Equal("1280Mi", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["memory"]!.GetValue<string>());
            Assert.Equal(deployment["spec"]!["replicas"]!.GetValue<long>(), deployment["status"]!["readyReplicas"]!.GetValue<long>());

            // The result card follows on every platform.
            foreach (var receiver in receivers)
                await WaitForAsync(() => Cards(receiver).Skip(1).FirstOrDefault(), $"the result card at {receiver.GetType().Name}", ct);
            await Task.Delay(500, ct); // a duplicate would arrive now
            foreach (var receiver in receivers)
            {
                Assert.Empty(receiver.Rejected);
                var cards = Cards(receiver);
                Assert.Equal(2, cards.Count);
                Assert.Contains("verified", cards[1].Text, StringComparison.OrdinalIgnoreCase);
                Assert.Null(cards[1].ApproveUrl);
                Assert.All(receiver.All, m => Assert.DoesNotContain(Key, m.Body, StringComparison.Ordinal)); // no card carries the function key
            }

            // The audit trail holds every step, the decision with who, where from and with what.
            var audit = await http.GetFromJsonAsync<List<AuditEntry>>($"api/instances/{instanceId}/audit", new JsonSerializerOptions(JsonSerializerDefaults.Web), ct);
            foreach (var entry in audit!)
                output.WriteLine($"{entry.At:HH:mm:ss.fff} {entry.Step}:{entry.Outcome} {entry.Actor} {entry.Channel} {entry.ClientIp} {entry.Detail}");
            var steps = audit.Select(e => $"{e.Step}:{e.Outcome}").ToList();
            foreach (var step in new[] { "dry-run:planned", "proposal:awaiting-approval", "link-opened:shown", "decision:approved", "apply:applied", "verify:healthy", "verify:passed" })
                Assert.Contains(step, steps);
            Assert.True(steps.IndexOf("dry-run:planned") < steps.IndexOf("decision:approved") && steps.IndexOf("decision:approved") < steps.IndexOf("apply:applied"),
                string.Join(", ", steps));
            var decision = audit.Single(e => e.Step == AuditSteps.Decision);
            Assert.Equal("Ana Ruiz", decision.Actor);
            Assert.Equal("slack", decision.Channel);
            Assert.Equal("127.0.0.1", decision.ClientIp);
            Assert.Contains("Chrome", decision.UserAgent, StringComparison.Ordinal);
            Assert.Contains("statement run", decision.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            work.Delete(recursive: true);
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, string what, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            if (probe() is { } found)
                return found;
            if (ct.IsCancellationRequested)
                Assert.Fail($"gave up waiting for {what}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
