using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// Activity: turns a proposed action into a <see cref="RemediationPlan"/>. Checks the catalogue and policy, the
/// target's breaker and lock (taking the lock for the instance), reads the live object, builds the write and runs
/// it as a server-side dry run (<c>dryRun=All</c>: nothing is stored), and diffs the live object against the dry
/// run's result. Audits the dry run, or the refusal, once per scheduled call.
/// </summary>
public sealed class PlanRemediation(
    KubernetesClients clients, RemediationPolicy policy, RemediationBreaker breaker, RemediationLocks locks, AuditLog audit) : TaskActivity<PlanRemediationRequest, RemediationPlan>
{
    public override async Task<RemediationPlan> RunAsync(TaskActivityContext context, PlanRemediationRequest input)
    {
        var action = input.Action;
        var target = action.Target;
        var plan = new RemediationPlan
        {
            Action = action, Target = target, Context = input.Context, Allowed = false, Risk = action.Risk, PlannedAt = input.PlannedAt,
            NeedsApproval = policy.NeedsApproval(action.Risk), Summary = $"{action.Kind} {target}",
        };

        if (policy.Refusal(action) is { } refused)
            return await RefuseAsync(context, input, plan, refused, "policy");
        var state = await breaker.GetAsync(target, ShutdownToken);
        if (state.Open)
            return await RefuseAsync(context, input, plan, RemediationBreaker.Refusal(state), "breaker");
        if (await locks.TryAcquireAsync(target, input.InstanceId, ShutdownToken) is { } holder)
            return await RefuseAsync(context, input, plan, $"{holder} is already remediating {target}; one remediation runs per target at a time.", "lock");

        try
        {
            var (client, _) = clients.For(input.Context);
            var live = await LiveObjects.ReadAsync(client, target, ShutdownToken);
            if (live is null)
                return await RefuseAsync(context, input, plan, $"{target} does not exist (any more).", "system", release: true);

            var change = await RemediationChange.BuildAsync(client, action, live, input.PlannedAt, ShutdownToken);
            if (change.Refusal is { } why)
                return await RefuseAsync(context, input, plan, why, "system", release: true);

            var resourceVersion = live["metadata"]?["resourceVersion"]?.GetValue<string>();
            var patch = change.Patch!.ToJsonString();
            JsonObject? after;
            if (change.PatchType == PatchTypes.Delete)
            {
                await LiveObjects.DeletePodAsync(client, target, live["metadata"]?["uid"]?.GetValue<string>() ?? "", resourceVersion ?? "", dryRun: true, ShutdownToken);
                after = null;
            }
            else
            {
                after = await LiveObjects.PatchAsync(client, target, change.PatchType!, patch, dryRun: true, ShutdownToken);
            }

            var name = $"{target.Kind.ToLowerInvariant()}/{(target.Namespace.Length > 0 ? target.Namespace + "/" : "")}{target.Name}";
            plan = plan with
            {
                Allowed = true, Summary = change.Summary, PatchType = change.PatchType, Patch = patch, LiveResourceVersion = resourceVersion,
                LiveUid = live["metadata"]?["uid"]?.GetValue<string>(), Owner = change.Owner,
                Diff = UnifiedDiff.Create(YamlView.Render(live), YamlView.Render(after), $"{name} (live)", after is null ? "/dev/null (deleted)" : $"{name} (dry run)"),
            };
            plan = plan with { Digest = PlanDigest.Of(plan) };
            await audit.AppendAsync(new AuditEntry
            {
                InstanceId = input.InstanceId, Step = AuditSteps.DryRun, Outcome = "planned", Actor = "system", Action = $"{action.Kind} {target}",
                Detail = plan.Summary, Data = JsonSerializer.Serialize(new { plan.Digest, plan.PatchType, plan.Patch, plan.LiveResourceVersion, plan.Diff }),
            }, context.IdempotencyKey + ":dry-run", ShutdownToken);
            return plan;
        }
        catch (HttpOperationException e)
        {
            return await RefuseAsync(context, input, plan, $"the API server refused the dry run: {LiveObjects.Message(e)}", "system", release: true);
        }
    }

    private async Task<RemediationPlan> RefuseAsync(TaskActivityContext context, PlanRemediationRequest input, RemediationPlan plan, string why, string by, bool release = false)
    {
        if (release)
            await locks.ReleaseAsync(plan.Target, input.InstanceId, ShutdownToken);
        await audit.AppendAsync(new AuditEntry
        {
            InstanceId = input.InstanceId, Step = AuditSteps.Refusal, Outcome = "refused", Actor = by, Action = $"{plan.Action.Kind} {plan.Target}", Detail = why,
        }, context.IdempotencyKey + ":refusal", ShutdownToken);
        return plan with { Allowed = false, Refusal = why };
    }
}
