using System.Net;
using System.Net.Http.Json;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Remediate;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Testing;

namespace K8sAiops.Functions.Tests.Approval;

/// <summary>Fixes that do not fix (the breaker), and approvals nobody answers (the deadline, across a host restart).</summary>
public sealed class BreakerAndDeadlineTests
{
    [Fact]
    public async Task Breaker_ThreeFixesThatDoNotFix_OpenIt_LaterAlertsProposeNothingUntilReset()
    {
        // The renderer really needs 64Gi: every raise the diagnosis proposes is applied, and its new pods are OOM-killed again.
        await using var fx = await AlertFixture.StartAsync("oom-killed",
            new Dictionary<string, string?> { ["Remediation:VerifyTimeout"] = "00:00:05" },
            fault => new SandboxServerOptions { Faults = Needs64Gi(fault) });
        var startsAt = AlertFixture.Now.AddMinutes(-30);
        var limits = new List<string?>();
        for (var round = 1; round <= 3; round++)
        {
            var id = await fx.PostAlertAsync(startsAt.AddMinutes(round));
            var pending = await fx.WaitForApprovalAsync(id);
            Assert.Equal(HttpStatusCode.OK, (await fx.DecideAsync(new Uri(pending.Url), "approve", "Ana Ruiz")).StatusCode);
            var outcome = (await fx.CompleteAsync(id)).Remediation!;
            Assert.Equal("unverified", outcome.Status);
            Assert.Contains("not healthy", outcome.Detail, StringComparison.Ordinal);
            await fx.Slack.WaitForMessagesAsync(2 * round);
            Assert.Contains("OOMKilled", fx.Slack.Messages[^1].Text, StringComparison.Ordinal); // the result card names what is still wrong
            limits.Add(fx.MemoryLimit());
            var audit = await fx.AuditAsync(id);
            Assert.Contains(audit, e => e.Step == AuditSteps.Verify && e.Outcome == "failed");
            if (round == 3)
                Assert.Contains(audit, e => e.Step == AuditSteps.Breaker && e.Outcome == "open");
        }

        Assert.Equal(3, limits.Distinct().Count()); // each round raised the limit again: three fixes were really applied
        var breakers = await fx.Host.Keyed.GetFromJsonAsync<List<BreakerState>>("/api/remediation/breakers");
        var open = Assert.Single(breakers!, b => b.Target.Name == fx.Workload.Name);
        Assert.True(open.Open);
        Assert.Equal(3, open.ConsecutiveFailures);

        // Diagnosed, but nothing proposed: no approval, no write, and the card says why.
        var writes = fx.Writes().Count;
        var refused = await fx.PostAlertAsync(startsAt.AddMinutes(4));
        var diagnosis = await fx.CompleteAsync(refused);
        Assert.Equal("oom-killed", diagnosis.RootCause.Category);
        Assert.Equal("refused", diagnosis.Remediation?.Status);
        Assert.Contains("breaker", diagnosis.Remediation?.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(writes, fx.Writes().Count);
        var card = fx.Slack.Messages[^1];
        Assert.Null(card.ApproveUrl);
        Assert.Contains("breaker", card.Text, StringComparison.OrdinalIgnoreCase);

        var badReset = await fx.Host.Keyed.PostAsJsonAsync("/api/remediation/breakers/reset", new { target = new { kind = "Deployment", @namespace = fx.Workload.Namespace, name = fx.Workload.Name } });
        Assert.Equal(HttpStatusCode.BadRequest, badReset.StatusCode);
        var reset = await fx.Host.Keyed.PostAsJsonAsync("/api/remediation/breakers/reset",
            new { target = new { kind = "Deployment", @namespace = fx.Workload.Namespace, name = fx.Workload.Name }, by = "Ana Ruiz" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var closed = await reset.Content.ReadFromJsonAsync<BreakerState>();
        Assert.False(closed!.Open);
        Assert.Equal("Ana Ruiz", closed.ResetBy);

        // Proposed again after the reset.
        var again = await fx.PostAlertAsync(startsAt.AddMinutes(5));
        var proposal = await fx.WaitForApprovalAsync(again);
        Assert.StartsWith("patch-memory-limit", proposal.Action, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await fx.DecideAsync(new Uri(proposal.Url), "reject", "Ana Ruiz")).StatusCode);
        Assert.Equal("rejected", (await fx.CompleteAsync(again)).Remediation?.Status);
    }

    [Fact]
    public async Task Approval_UnansweredAcrossAHostRestart_TimesOutAsConfiguredAndTouchesNothing()
    {
        var storage = await Azurite.GetConnectionStringAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["Durable:TaskHubName"] = Azurite.NewTaskHubName("deadline"),
            ["Approval:SigningKey"] = "deadline-test-signing-key-0123456789abcdef",
            // The restart must end before the deadline: a host down past both the reminder and the deadline rightly sends
            // no reminder, and a restart on a loaded machine (Azurite, a new host) has taken over 8 s.
            ["Approval:Timeout"] = "00:00:25",
            ["Approval:ReminderAfter"] = "00:00:04",
        };
        await using var fx = await AlertFixture.StartAsync("oom-killed", settings);
        var id = await fx.PostAlertAsync();
        var pending = await fx.WaitForApprovalAsync(id);
        await fx.Slack.WaitForMessagesAsync(1);
        var link = fx.Slack.Messages[0].ApproveUrl!;

        await fx.RestartAsync(settings); // the first host stops while the approval waits; another takes over the same task hub
        Assert.Equal(HttpStatusCode.OK, (await fx.Host.Client.GetAsync(link.PathAndQuery)).StatusCode); // the link still opens

        var diagnosis = await fx.CompleteAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("expired", diagnosis.Remediation?.Status);
        Assert.True(DateTimeOffset.UtcNow >= pending.ExpiresAt, $"finished before the deadline {pending.ExpiresAt:O}");
        Assert.Empty(fx.Writes());
        Assert.Equal("512Mi", fx.MemoryLimit());
        Assert.Equal(HttpStatusCode.Gone, (await fx.DecideAsync(link, "approve", "Ana Ruiz")).StatusCode);

        // Diagnosis card, one reminder, the result card: each once, though a host stopped in between.
        await fx.Slack.WaitForMessagesAsync(3);
        Assert.Equal(3, fx.Slack.Messages.Count);
        Assert.Contains("Waiting for a decision", fx.Slack.Messages[1].Text, StringComparison.Ordinal);
        Assert.NotNull(fx.Slack.Messages[1].ApproveUrl);
        Assert.Contains("not applied", fx.Slack.Messages[2].Text, StringComparison.OrdinalIgnoreCase);
        var steps = (await fx.AuditAsync(id)).Select(e => $"{e.Step}:{e.Outcome}").ToList();
        Assert.Contains("reminder:sent", steps);
        Assert.Contains(steps, s => s.StartsWith("timeout:", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.StartsWith("apply:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approval_UnansweredWithEscalate_GoesToTheEscalationChannelWhoseFreshLinkDecides()
    {
        await using var fx = await AlertFixture.StartAsync("oom-killed", new Dictionary<string, string?>
        {
            ["Approval:Timeout"] = "00:00:06",
            ["Approval:OnTimeout"] = "Escalate",
            ["Approval:EscalateTo:0"] = "webhook",
        });
        var id = await fx.PostAlertAsync();
        var first = await fx.WaitForApprovalAsync(id);
        await fx.Slack.WaitForMessagesAsync(1);
        var firstLink = fx.Slack.Messages[0].ApproveUrl!;

        var second = await fx.WaitForApprovalAsync(id, notUrl: first.Url); // escalated: a new approval with its own links
        await fx.Webhook.WaitForMessagesAsync(2);
        var escalation = fx.Webhook.Messages[1].Payload;
        Assert.Contains("Escalated", escalation.GetProperty("summary").GetString() + string.Join(" ", escalation.GetProperty("lines").EnumerateArray().Select(l => l.GetString())), StringComparison.Ordinal);
        var escalatedApprove = new Uri(escalation.GetProperty("links").GetProperty("approve").GetString()!);
        Assert.Single(fx.Slack.Messages); // the escalation went to the webhook only
        Assert.Equal(HttpStatusCode.Gone, (await fx.DecideAsync(firstLink, "approve", "late")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fx.DecideAsync(escalatedApprove, "approve", "Lead on call")).StatusCode);
        var outcome = (await fx.CompleteAsync(id)).Remediation!;
        Assert.Equal(("verified", "Lead on call"), (outcome.Status, outcome.DecidedBy));
        Assert.True(second.ExpiresAt > first.ExpiresAt);
        var steps = (await fx.AuditAsync(id)).Select(e => $"{e.Step}:{e.Outcome}").ToList();
        Assert.Contains("timeout:escalated", steps);
        Assert.Equal(2, steps.Count(s => s == "proposal:awaiting-approval"));
    }

    private static FaultModel Needs64Gi(K8sAiops.Sandbox.Synthetic.InjectedFault fault)
    {
        var model = new FaultModel();
        model.MemoryNeeds.Add(new MemoryNeed("64Gi") { Namespace = fault.Culprit.Namespace, Workload = fault.Culprit.Name, Note = "breaker test" });
        return model;
    }
}
