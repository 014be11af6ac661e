using System.Globalization;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Notify;
using K8sAiops.Activities.Remediate;
using K8sAiops.Durable;

namespace K8sAiops.Functions.Alerts;

/// <summary>
/// The second half of an alert: dry-run the proposed fix, ask in chat, wait durably for the decision (reminding,
/// then rejecting or escalating at the deadline), apply it on a yes, verify it with durable-timer polling, record
/// the verification with the breaker, and send the result card. Nothing is written to the cluster without a
/// person's yes, unless policy lets the action's risk run alone.
/// </summary>
public sealed partial class DiagnoseAlertOrchestration
{
    /// <summary>Dry runs made for one alert before giving up on an object that keeps changing under the plan.</summary>
    public const int MaxPlans = 3;

    private static async Task<RemediationOutcome> RemediateAsync(Run run)
    {
        var action = run.Diagnosis.Actions.FirstOrDefault(a => a.Kind != ActionKinds.None && ActionKinds.All.Contains(a.Kind));
        if (action is null || run.Input.DiagnoseOnly)
        {
            run.Status("notifying");
            await run.NotifyAsync(run.DiagnosisCard(null, null, null));
            return new RemediationOutcome("none", null, run.Diagnosis.RootCause.Resource, null, "No automatic fix applies; the card says what to do by hand.");
        }

        string? note = null;
        for (var attempt = 1; ; attempt++)
        {
            run.Status("dry-running the fix");
            var plan = await run.Context.CallActivityAsync<RemediationPlan>(nameof(PlanRemediation),
                new PlanRemediationRequest(run.Context.InstanceId, action, run.Input.Context, run.Now), Remediating);
            if (!plan.Allowed)
            {
                var refusal = $"No automatic fix is proposed: {plan.Refusal}";
                if (attempt > 1)
                    return await FinishAsync(run, plan, Outcome("refused", plan, null, refusal), []); // frees the lock the first plan took
                run.Status("notifying");
                await run.NotifyAsync(run.DiagnosisCard(plan, null, refusal));
                return Outcome("refused", plan, null, refusal);
            }

            var decision = plan.NeedsApproval ? await AskAsync(run, plan, note) : await ByPolicyAsync(run, plan);
            if (decision is null)
                return await FinishAsync(run, plan, Outcome("expired", plan, null, $"Nobody decided within {run.Settings.ApprovalTimeout}; the fix was not applied."), []);
            if (!decision.Approved)
            {
                var why = decision.Comment.Length > 0 ? $" ({decision.Comment})" : "";
                return await FinishAsync(run, plan, Outcome("rejected", plan, decision.By, $"{decision.By} rejected: {plan.Summary}{why}. Nothing was changed."), []);
            }

            run.Status($"applying (approved by {decision.By})");
            var applied = await run.Context.CallActivityAsync<RemediationApplied>(nameof(ApplyRemediation),
                new ApplyRemediationRequest(run.Context.InstanceId, plan, decision.By), Remediating);
            if (applied.Outcome == "changed" && attempt < MaxPlans)
            {
                note = $"{AlertCards.Describe(plan.Target)} changed after the dry run you were shown; this is a new dry run and needs a new decision.";
                continue;
            }
            if (applied.Outcome is not ("applied" or "already-applied"))
                return await FinishAsync(run, plan, Outcome("failed", plan, decision.By, $"The fix could not be applied: {applied.Detail}"), []);

            return await VerifyAsync(run, plan, applied, decision.By);
        }
    }

    /// <summary>Opens an approval, sends the card and waits; at the deadline escalates once (when configured) or gives up (null).</summary>
    private static async Task<ApprovalDecision?> AskAsync(Run run, RemediationPlan plan, string? note)
    {
        var settings = run.Settings;
        List<string>? channels = null;
        for (var round = 0; ; round++)
        {
            var approvalId = run.Context.NewGuid().ToString("N")[..16];
            var expires = run.Now + settings.ApprovalTimeout;
            var opened = await run.Context.CallActivityAsync<ApprovalOpened>(nameof(OpenApproval), new OpenApprovalRequest(
                run.Context.InstanceId, run.Context.ExecutionId, approvalId, expires,
                new ApprovalSubject(plan.Action, plan.Summary, plan.Risk, plan.Diff, plan.Digest), run.Diagnosis, run.ReportUrl), Remediating);
            var pending = new PendingApproval(opened.PageUrl, $"{plan.Action.Kind} {AlertCards.Describe(plan.Target)}", plan.Summary, plan.Risk, expires);
            run.Status("awaiting approval", pending);
            await run.NotifyAsync(run.DiagnosisCard(plan, opened.Request, note) with { Channels = channels });
            run.Status("awaiting approval", pending);

            if (await WaitAsync(run, plan, opened.Request, channels) is { } decision)
                return decision;

            var escalate = settings.OnTimeout == nameof(ApprovalTimeoutAction.Escalate) && round == 0 && settings.EscalateTo.Count > 0;
            var closed = await run.Context.CallActivityAsync<ApprovalDecision?>(nameof(CloseApproval), new CloseApprovalRequest(
                run.Context.InstanceId, approvalId,
                escalate ? ApprovalDecisions.Escalated : ApprovalDecisions.TimedOut,
                escalate
                    ? $"Nobody decided within {settings.ApprovalTimeout}; escalated to {string.Join(", ", settings.EscalateTo)}."
                    : $"Nobody decided within {settings.ApprovalTimeout}; the fix is not applied."), Remediating);
            if (closed is not null)
                return closed; // a person decided just as the deadline came: the first decision wins
            if (!escalate)
                return null;
            channels = settings.EscalateTo;
            note = $"Escalated: nobody decided within {settings.ApprovalTimeout}.";
        }
    }

    /// <summary>Waits for this approval's decision, sending one reminder on the way; null at the deadline.</summary>
    private static async Task<ApprovalDecision?> WaitAsync(Run run, RemediationPlan plan, ApprovalRequest request, List<string>? channels)
    {
        var context = run.Context;
        var settings = run.Settings;
        using var timers = new CancellationTokenSource();
        var deadline = context.CreateTimer(request.ExpiresAt.UtcDateTime, timers.Token);
        var remindAt = run.Now + settings.ReminderAfter;
        Task? reminder = settings.ReminderAfter > TimeSpan.Zero && remindAt < request.ExpiresAt ? context.CreateTimer(remindAt.UtcDateTime, timers.Token) : null;
        while (true)
        {
            using var waiting = new CancellationTokenSource();
            var decision = context.WaitForExternalEvent<ApprovalDecision>(ApprovalDecision.EventName, waiting.Token);
            var winner = reminder is null ? await Task.WhenAny(decision, deadline) : await Task.WhenAny(decision, deadline, reminder);
#pragma warning disable CA1849 // Cancel() runs the loser's cancellation on the orchestration's thread; CancelAsync would not.
            if (winner == decision)
            {
                var made = await decision;
                if (made.ApprovalId != request.ApprovalId)
                    continue; // a decision on an earlier approval of this instance, already closed
                // Only what the approval page recorded counts: an event raised around it (raiseEvent) decides nothing.
                var recorded = await context.CallActivityAsync<ApprovalDecision?>(nameof(ConfirmDecision),
                    new ConfirmDecisionRequest(context.InstanceId, request.ApprovalId), Remediating);
                if (recorded is null)
                {
                    await context.CallActivityAsync<bool>(nameof(WriteAudit), new AuditEntry
                    {
                        InstanceId = context.InstanceId, Step = AuditSteps.Refusal, Outcome = "unrecorded-decision", Actor = made.By,
                        Detail = $"A '{made.Decision}' event for approval {request.ApprovalId} arrived without a decision on its page; it was ignored.",
                    }, Remediating);
                    continue;
                }
                timers.Cancel();
                return recorded;
            }
            waiting.Cancel();
#pragma warning restore CA1849
            if (winner != reminder)
                return null;
            reminder = null;
            await run.NotifyAsync(AlertCards.Reminder(context.InstanceId, run.Alert, run.Diagnosis, plan, request, run.ReportUrl, run.Input.StatusUrl, channels));
            await context.CallActivityAsync<bool>(nameof(WriteAudit), new AuditEntry
            {
                InstanceId = context.InstanceId, Step = AuditSteps.Reminder, Outcome = "sent", Actor = "system",
                Detail = $"Reminder sent; the approval is open until {request.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)}.",
            }, Remediating);
        }
    }

    /// <summary>Policy lets this risk run without a person: the card says so and the audit records policy as the approver.</summary>
    private static async Task<ApprovalDecision> ByPolicyAsync(Run run, RemediationPlan plan)
    {
        await run.NotifyAsync(run.DiagnosisCard(plan, null, $"Policy lets {plan.Risk}-risk fixes run without approval; applying it now."));
        await run.Context.CallActivityAsync<bool>(nameof(WriteAudit), new AuditEntry
        {
            InstanceId = run.Context.InstanceId, Step = AuditSteps.Decision, Outcome = "approved", Actor = "policy",
            Action = $"{plan.Action.Kind} {plan.Target}", Detail = $"{plan.Summary}: risk {plan.Risk} may run without approval (Remediation:AutoApproveRisks).",
        }, Remediating);
        return new ApprovalDecision("policy", ApprovalDecisions.Approve, "policy", "", run.Now, null);
    }

    /// <summary>Polls the target with durable timers until it is healthy or the verify timeout passes, then feeds the breaker.</summary>
    private static async Task<RemediationOutcome> VerifyAsync(Run run, RemediationPlan plan, RemediationApplied applied, string approvedBy)
    {
        var deadline = run.Now + run.Settings.VerifyTimeout;
        VerificationCheck check;
        var polls = 0;
        do
        {
            run.Status($"verifying ({++polls})");
            await run.Context.CreateTimer(run.Settings.VerifyInterval, CancellationToken.None);
            check = await run.Context.CallActivityAsync<VerificationCheck>(nameof(VerifyRemediation), new VerifyRemediationRequest(plan, applied), Remediating);
        }
        while (!check.Healthy && run.Now < deadline);

        var breaker = await run.Context.CallActivityAsync<BreakerState>(nameof(RecordVerification),
            new RecordVerificationRequest(run.Context.InstanceId, plan.Target, check.Healthy), Remediating);
        var detail = check.Healthy
            ? $"{plan.Summary}: applied (approved by {approvedBy}) and verified healthy. {check.Detail}"
            : $"{plan.Summary}: applied (approved by {approvedBy}) but not healthy after {run.Settings.VerifyTimeout}: {check.Detail}" +
              (breaker.Open
                  ? $" The breaker for {AlertCards.Describe(plan.Target)} is now open after {breaker.ConsecutiveFailures} failed verifications: no automatic fix is proposed for it until a person resets it."
                  : $" Failed verifications in a row on this target: {breaker.ConsecutiveFailures}.");
        return await FinishAsync(run, plan, Outcome(check.Healthy ? "verified" : "unverified", plan, approvedBy, detail), check.Problems);
    }

    /// <summary>Frees the target for other remediations and sends the result card.</summary>
    private static async Task<RemediationOutcome> FinishAsync(Run run, RemediationPlan plan, RemediationOutcome outcome, List<string> problems)
    {
        await run.Context.CallActivityAsync<bool>(nameof(ReleaseRemediation), new ReleaseRemediationRequest(run.Context.InstanceId, plan.Target), Remediating);
        run.Status("sending the result");
        await run.NotifyAsync(run.ResultCard(outcome, problems));
        return outcome;
    }

    private static RemediationOutcome Outcome(string status, RemediationPlan plan, string? by, string detail) =>
        new(status, plan.Action.Kind, plan.Target, by, detail);

    /// <summary>What one alert's orchestration carries from step to step.</summary>
    private sealed class Run(TaskOrchestrationContext context, DiagnoseAlertRequest input, AlertInfo alert, Diagnosis diagnosis, string? reportUrl, List<string> targets)
    {
        private string? notifications;
        private int cards;

        public TaskOrchestrationContext Context => context;

        public DiagnoseAlertRequest Input => input;

        public AlertInfo Alert => alert;

        public Diagnosis Diagnosis => diagnosis;

        public string? ReportUrl => reportUrl;

        public RemediationSettings Settings => input.Remediation ?? RemediationSettings.Defaults;

        public DateTimeOffset Now => new(context.CurrentUtcDateTime, TimeSpan.Zero);

        public void Status(string step, PendingApproval? approval = null, string? remediation = null) =>
            context.SetCustomStatus(new DiagnosisProgress(step, targets, diagnosis.RootCause.Category, approval, notifications, remediation));

        public ChatMessage DiagnosisCard(RemediationPlan? plan, ApprovalRequest? approval, string? note) =>
            AlertCards.Diagnosis(context.InstanceId, alert, diagnosis, reportUrl, input.StatusUrl, plan, approval, note);

        public ChatMessage ResultCard(RemediationOutcome outcome, List<string> problems) =>
            AlertCards.Result(context.InstanceId, alert, diagnosis, outcome, problems, reportUrl, input.StatusUrl);

        /// <summary>Sends a card to every matching channel; a channel's failure is shown in the status, not thrown.</summary>
        public async Task NotifyAsync(ChatMessage message)
        {
            // Numbered in orchestration order, so replays and retries of the same card share its delivery key.
            var key = $"{context.InstanceId}:{context.ExecutionId}:card-{++cards}";
            var outcome = await context.CallActivityAsync<NotifyOutcome>(nameof(NotifyChannels), message with { DeliveryKey = key }, Notifying);
            notifications = $"{message.Kind}: {outcome.Describe()}";
        }
    }
}
