using System.Net;
using System.Net.Http.Json;
using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Records;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Functions.Alerts;
using K8sAiops.Functions.Tests.Support;
using Microsoft.Extensions.Options;
using Record = K8sAiops.Activities.Records.Record;

namespace K8sAiops.Functions.Tests.Approval;

/// <summary>
/// An alert's fix through its approval, against the sandbox: the card and its links, the page, refused links,
/// Reject, and what duplicated messages and retried activities may not do (post a card twice, write twice).
/// </summary>
public sealed class ApprovalFlowTests
{
    [Fact]
    public async Task Alert_RejectedOnThePage_EndsWithoutTouchingTheCluster()
    {
        await using var fx = await AlertFixture.StartAsync("oom-killed");
        var id = await fx.PostAlertAsync();

        var pending = await fx.WaitForApprovalAsync(id);
        Assert.Contains($"/approvals/{id}/", pending.Url, StringComparison.Ordinal);
        Assert.Equal("patch-memory-limit", pending.Action.Split(' ')[0]);
        Assert.Contains("512Mi to 1280Mi", pending.Summary, StringComparison.Ordinal);
        await fx.Slack.WaitForMessagesAsync(1);
        await fx.Webhook.WaitForMessagesAsync(1);
        var card = fx.Slack.Messages[0];
        Assert.NotNull(card.ApproveUrl);
        Assert.NotNull(card.RejectUrl);
        Assert.Contains("oom", card.Text, StringComparison.OrdinalIgnoreCase);

        // An unfurler or a scanner fetching the link decides nothing.
        var page = await fx.Host.Client.GetAsync(card.ApproveUrl!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Submit decision", html, StringComparison.Ordinal);
        Assert.Matches(@"<span class=""del"">-\s+memory: 512Mi</span>\n<span class=""add"">(\+|&#x2B;)\s+memory: 1280Mi</span>", html);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.True((await fx.Host.Durable.GetInstanceAsync(id))!.IsRunning);

        var decided = await fx.DecideAsync(card.RejectUrl!, "reject", "Ana Ruiz", "not during the sale");
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var diagnosis = await fx.CompleteAsync(id);

        Assert.Equal("rejected", diagnosis.Remediation?.Status);
        Assert.Equal("Ana Ruiz", diagnosis.Remediation?.DecidedBy);
        Assert.Empty(fx.Writes());
        Assert.Equal("512Mi", fx.MemoryLimit());
        await fx.Slack.WaitForMessagesAsync(2);
        Assert.Contains("rejected", fx.Slack.Messages[1].Text, StringComparison.OrdinalIgnoreCase);
        Assert.Null(fx.Slack.Messages[1].ApproveUrl);
        var steps = (await fx.AuditAsync(id)).Select(e => $"{e.Step}:{e.Outcome}").ToList();
        Assert.Contains("dry-run:planned", steps);
        Assert.Contains("link-opened:shown", steps);
        Assert.Contains("decision:rejected", steps);
        Assert.DoesNotContain(steps, s => s.StartsWith("apply:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Links_ForgedCrossInstanceExpiredAndReplayed_AreRefusedAndAudited()
    {
        await using var fx = await AlertFixture.StartAsync("oom-killed");
        var id = await fx.PostAlertAsync();
        await fx.WaitForApprovalAsync(id);
        await fx.Slack.WaitForMessagesAsync(1);
        var approve = fx.Slack.Messages[0].ApproveUrl!;
        var token = approve.AbsolutePath.Split('/')[^1];
        const string Agent = "LinkTester/1.0";

        // Forged: one character of the claims changed, so the signature no longer matches.
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{(parts[1][0] == 'A' ? 'B' : 'A')}{parts[1][1..]}.{parts[2]}";
        var forgedPost = await fx.DecideAsync(new Uri($"http://localhost/approvals/{id}/{forged}?decision=approve"), "approve", "mallory", userAgent: Agent);
        Assert.Equal(HttpStatusCode.Forbidden, forgedPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.Host.Client.GetAsync($"/approvals/{id}/{forged}")).StatusCode);

        // Cross-instance: a good link of this instance under another instance's path.
        const string Other = "alert-0123456789abcdef01234567";
        var cross = await fx.DecideAsync(new Uri($"http://localhost/approvals/{Other}/{token}"), "approve", "mallory", userAgent: Agent);
        Assert.Equal(HttpStatusCode.Forbidden, cross.StatusCode);
        Assert.Contains("was made for instance", await cross.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Expired: the same claims, signed with the host's key, but past their expiry.
        var tokens = fx.Host.App.Services.GetRequiredService<ApprovalTokens>();
        var claims = tokens.Verify(token)!;
        var expired = tokens.Create(claims with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds() });
        var expiredPost = await fx.DecideAsync(new Uri($"http://localhost/approvals/{id}/{expired}"), "approve", "mallory", userAgent: Agent);
        Assert.Equal(HttpStatusCode.Gone, expiredPost.StatusCode);
        Assert.Contains("expired", await expiredPost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await fx.Host.Durable.GetInstanceAsync(id))!.IsRunning); // none of these decided anything

        // Replayed: the link works once; afterwards it says what was decided, by whom and when.
        Assert.Equal(HttpStatusCode.OK, (await fx.DecideAsync(fx.Slack.Messages[0].RejectUrl!, "reject", "Ana Ruiz")).StatusCode);
        var replay = await fx.DecideAsync(approve, "approve", "mallory", userAgent: Agent);
        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        var replayPage = await replay.Content.ReadAsStringAsync();
        Assert.Contains("rejected", replayPage, StringComparison.Ordinal);
        Assert.Contains("Ana Ruiz", replayPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await fx.Host.Client.GetAsync(approve.PathAndQuery)).StatusCode);

        var diagnosis = await fx.CompleteAsync(id);
        Assert.Equal("rejected", diagnosis.Remediation?.Status);
        Assert.Empty(fx.Writes());
        var refusals = (await fx.AuditAsync(id)).Where(e => e.Step == AuditSteps.Refusal).ToList();
        Assert.Contains(refusals, e => e.Outcome == "forbidden" && e.Detail.Contains("signature", StringComparison.Ordinal) && e.UserAgent == Agent);
        Assert.Contains(refusals, e => e.Outcome == "gone" && e.Detail.Contains("expired", StringComparison.Ordinal) && e.UserAgent == Agent);
        Assert.Contains(refusals, e => e.Outcome == "gone" && e.Detail.Contains("Ana Ruiz", StringComparison.Ordinal) && e.UserAgent == Agent);
        var crossRefusals = (await fx.AuditAsync(Other)).Where(e => e.Step == AuditSteps.Refusal).ToList();
        Assert.Contains(crossRefusals, e => e.Outcome == "forbidden" && e.Detail.Contains(id, StringComparison.Ordinal) && e.UserAgent == Agent);
    }

    [Fact]
    public async Task DecisionEvent_RaisedAroundThePage_DecidesNothingAndIsAudited()
    {
        await using var fx = await AlertFixture.StartAsync("oom-killed");
        var id = await fx.PostAlertAsync();
        await fx.WaitForApprovalAsync(id);
        await fx.Slack.WaitForMessagesAsync(1);
        var approve = fx.Slack.Messages[0].ApproveUrl!;
        var claims = fx.Host.App.Services.GetRequiredService<ApprovalTokens>().Verify(approve.AbsolutePath.Split('/')[^1])!;

        // A function-key holder raises the decision event directly, with the right approval id.
        var forged = new ApprovalDecision(claims.ApprovalId, ApprovalDecisions.Approve, "mallory", "", DateTimeOffset.UtcNow, "slack");
        var raised = await fx.Host.Keyed.PostAsJsonAsync($"{TestHost.Instances}/{id}/raiseEvent/{ApprovalDecision.EventName}", forged);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await fx.AuditAsync(id)).Any(e => e.Outcome == "unrecorded-decision") && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Contains(await fx.AuditAsync(id), e => e.Step == AuditSteps.Refusal && e.Outcome == "unrecorded-decision" && e.Actor == "mallory");
        Assert.True((await fx.Host.Durable.GetInstanceAsync(id))!.IsRunning);
        Assert.Empty(fx.Writes());
        Assert.Equal(HttpStatusCode.OK, (await fx.DecideAsync(approve, "reject", "Ana Ruiz")).StatusCode); // the page still decides
        var outcome = (await fx.CompleteAsync(id)).Remediation!;
        Assert.Equal(("rejected", "Ana Ruiz"), (outcome.Status, outcome.DecidedBy));
        Assert.Empty(fx.Writes());
    }

    [Fact]
    public async Task Pages_TooManyRequestsFromOneAddress_Get429WithRetryAfter()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Approval:RequestsPerMinute"] = "5" });
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
            answers.Add(await host.Client.GetAsync($"/approvals/alert-0123456789abcdef01234567/v1.forged{i}.token"));

        Assert.All(answers.Take(5), a => Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[5].StatusCode);
        Assert.NotNull(answers[5].Headers.RetryAfter);
        Assert.Contains("Approval:RequestsPerMinute", await answers[5].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode); // the rest of the host is not limited
    }

    [Fact]
    public async Task Start_EscalationToAnUnknownChannel_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Notify:Channels:0:Kind"] = "Slack",
            ["Notify:Channels:0:Url"] = "http://127.0.0.1:9/services/T/B/X",
            ["Notify:Channels:0:Name"] = "oncall",
            ["Approval:OnTimeout"] = "Escalate",
            ["Approval:EscalateTo:0"] = "pager",
        }));
        Assert.Contains("Setting Approval:EscalateTo is invalid: no chat channel is named 'pager' (configured: oncall;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decision_FormWithoutName_IsRefusedWith400AndDecidesNothing()
    {
        await using var fx = await AlertFixture.StartAsync("oom-killed");
        var id = await fx.PostAlertAsync();
        await fx.WaitForApprovalAsync(id);
        await fx.Slack.WaitForMessagesAsync(1);
        var approve = fx.Slack.Messages[0].ApproveUrl!;

        var nameless = await fx.DecideAsync(approve, "approve", "  ");
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.Contains("Enter your name", await nameless.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var json = await fx.Host.Client.PostAsync(approve.PathAndQuery, new StringContent("""{"decision":"approve"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        Assert.True((await fx.Host.Durable.GetInstanceAsync(id))!.IsRunning);
        Assert.Equal(HttpStatusCode.OK, (await fx.DecideAsync(approve, "reject", "Ana Ruiz")).StatusCode); // the link still works
        Assert.Equal("rejected", (await fx.CompleteAsync(id)).Remediation?.Status);
    }

    [Fact]
    public async Task Approval_WithDuplicatedMessagesAndRetriedActivities_PostsEachCardOnceAndWritesOnce()
    {
        var store = new DuplicatingStore(new InMemoryOrchestrationStore(TimeProvider.System, 4, "ApprovalDuplicates"));
        var tables = new FlakyRecordTables(new InMemoryRecordTables(TimeProvider.System));
        await using var fx = await AlertFixture.StartAsync("oom-killed", configure: b =>
        {
            b.Services.AddSingleton<IOrchestrationStore>(store);
            b.Services.AddSingleton<IRecordTables>(tables);
        });
        var id = await fx.PostAlertAsync();
        await fx.WaitForApprovalAsync(id);
        await fx.Slack.WaitForMessagesAsync(1);
        var approve = fx.Slack.Messages[0].ApproveUrl!;

        // Two clicks at once (a double submit): one decision is taken, the other is told it is gone.
        var clicks = await Task.WhenAll(fx.DecideAsync(approve, "approve", "Ana Ruiz"), fx.DecideAsync(approve, "approve", "Ana Ruiz"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Gone], clicks.Select(c => c.StatusCode).Order());
        var diagnosis = await fx.CompleteAsync(id);

        Assert.Equal("verified", diagnosis.Remediation?.Status);
        Assert.Equal("1280Mi", fx.MemoryLimit());
        // The first delivery record and the first apply audit failed after their side effect, so both activities ran again.
        Assert.True(tables.Failed >= 2, $"only {tables.Failed} injected failure(s) happened");
        var patches = fx.Writes();
        Assert.Single(patches, r => r.Verb == "patch" && r.Resource == "deployments" && r.Name == fx.Workload.Name);
        Assert.Equal(patches.Count, patches.Count(r => r.Verb == "patch" && r.Resource == "deployments"));
        await Task.Delay(1000); // let a late duplicate arrive, if any would
        Assert.Equal(2, fx.Slack.Messages.Count);
        Assert.Equal(2, fx.Webhook.Messages.Count);
        Assert.Equal(2, fx.Slack.PostCount);
        var steps = (await fx.AuditAsync(id)).Select(e => $"{e.Step}:{e.Outcome}").ToList();
        Assert.Single(steps, s => s == "decision:approved");
        Assert.Contains("apply:already-applied", steps); // the retry found the write done (the first run's entry is what failed)
        Assert.Contains("verify:healthy", steps);
    }

    /// <summary>An at-least-once queue: every message sent twice.</summary>
    private sealed class DuplicatingStore(IOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
    {
        public override async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
        {
            await Inner.SendAsync(messages, cancellationToken);
            await Inner.SendAsync(messages, cancellationToken);
        }
    }

    /// <summary>
    /// Record tables whose first chat delivery record and first apply audit entry fail after the side effect they
    /// follow (the post, the cluster write), so the activity fails and the orchestration retries it.
    /// </summary>
    private sealed class FlakyRecordTables(IRecordTables inner) : IRecordTables
    {
        private int deliveryFailed;
        private int applyFailed;

        public int Failed => deliveryFailed + applyFailed;

        public IRecordTable Get(string name) => new Table(this, inner.Get(name));

        private sealed class Table(FlakyRecordTables owner, IRecordTable inner) : IRecordTable
        {
            public string Name => inner.Name;

            public Task<bool> TryInsertAsync(Record record, CancellationToken cancellationToken = default) =>
                Name == "Audit" && record["Step"] == AuditSteps.Apply && Interlocked.Exchange(ref owner.applyFailed, 1) == 0
                    ? throw new IOException("The audit table is unreachable (test).")
                    : inner.TryInsertAsync(record, cancellationToken);

            public Task UpsertAsync(Record record, CancellationToken cancellationToken = default) =>
                Name == "Deliveries" && record["Status"] == "sent" && Interlocked.Exchange(ref owner.deliveryFailed, 1) == 0
                    ? throw new IOException("The delivery table is unreachable (test).")
                    : inner.UpsertAsync(record, cancellationToken);

            public Task<Record?> GetAsync(string partition, string row, CancellationToken cancellationToken = default) => inner.GetAsync(partition, row, cancellationToken);

            public Task<bool> TryReplaceAsync(Record record, CancellationToken cancellationToken = default) => inner.TryReplaceAsync(record, cancellationToken);

            public Task<bool> TryDeleteAsync(string partition, string row, string? version, CancellationToken cancellationToken = default) =>
                inner.TryDeleteAsync(partition, row, version, cancellationToken);

            public IAsyncEnumerable<Record> QueryAsync(string? partition, CancellationToken cancellationToken = default) => inner.QueryAsync(partition, cancellationToken);
        }
    }
}
