using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// Activity: writes an approved plan — exactly its patch, or its pod delete — on the condition that the target is
/// still at the resourceVersion the dry run saw. Safe to run again (activities are at-least-once):
/// <list type="bullet">
/// <item>every patch sets absolute values (a restart's <c>restartedAt</c> is the plan's time, a scale the replica
/// count, a limit the quantity, a rollback the whole template, a cordon <c>unschedulable: true</c>), so writing it
/// twice leaves what writing it once does;</item>
/// <item>the target is read first: when its resourceVersion moved on, nothing is written — if a dry run of the same
/// patch (without the resourceVersion) would change nothing, the write already happened (<c>already-applied</c>),
/// otherwise someone else changed the object (<c>changed</c>: plan and ask again);</item>
/// <item>the write itself carries <c>metadata.resourceVersion</c> (a delete, <c>preconditions {uid, resourceVersion}</c>),
/// so a race between that read and the write is a 409 Conflict, answered the same way; a pod whose uid is gone was
/// deleted (<c>already-applied</c>).</item>
/// </list>
/// The apply is audited once per scheduled call.
/// </summary>
public sealed class ApplyRemediation(KubernetesClients clients, RemediationLocks locks, AuditLog audit, TimeProvider time)
    : TaskActivity<ApplyRemediationRequest, RemediationApplied>
{
    public override async Task<RemediationApplied> RunAsync(TaskActivityContext context, ApplyRemediationRequest input)
    {
        var plan = input.Plan;
        var result = await ApplyAsync(input);
        await audit.AppendAsync(new AuditEntry
        {
            InstanceId = input.InstanceId, Step = AuditSteps.Apply, Outcome = result.Outcome, Actor = input.ApprovedBy,
            Action = $"{plan.Action.Kind} {plan.Target}", Detail = result.Detail, At = result.At,
        }, context.IdempotencyKey + ":apply", ShutdownToken);
        return result;
    }

    private async Task<RemediationApplied> ApplyAsync(ApplyRemediationRequest input)
    {
        var plan = input.Plan;
        if (!plan.Allowed || plan.Patch is null || plan.PatchType is null)
            return Result(ApplyOutcomes.Failed, $"The plan for {plan.Target} was refused ({plan.Refusal}); nothing to apply.", null);
        if (PlanDigest.Of(plan) != plan.Digest)
            return Result(ApplyOutcomes.Failed, $"The plan for {plan.Target} does not match its digest; it was altered after the dry run.", null);
        if (await locks.TryAcquireAsync(plan.Target, input.InstanceId, ShutdownToken) is { } holder)
            return Result(ApplyOutcomes.Failed, $"{holder} holds the remediation lock on {plan.Target}.", null);

        var (client, _) = clients.For(plan.Context);
        try
        {
            return plan.PatchType == PatchTypes.Delete ? await DeleteAsync(client, plan) : await PatchAsync(client, plan);
        }
        catch (HttpOperationException e)
        {
            return Result(ApplyOutcomes.Failed, $"The API server refused {plan.Summary}: {LiveObjects.Message(e)}", null);
        }
    }

    private async Task<RemediationApplied> PatchAsync(IKubernetes client, RemediationPlan plan)
    {
        var live = await LiveObjects.ReadAsync(client, plan.Target, ShutdownToken);
        if (live is null)
            return Result(ApplyOutcomes.Failed, $"{plan.Target} no longer exists.", null);
        if (ResourceVersion(live) != plan.LiveResourceVersion)
            return await CompareAsync(client, plan, live);
        try
        {
            var written = await LiveObjects.PatchAsync(client, plan.Target, plan.PatchType!, plan.Patch!, dryRun: false, ShutdownToken);
            return Result(ApplyOutcomes.Applied, $"Applied: {plan.Summary}.", ResourceVersion(written));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            live = await LiveObjects.ReadAsync(client, plan.Target, ShutdownToken);
            return live is null ? Result(ApplyOutcomes.Failed, $"{plan.Target} no longer exists.", null) : await CompareAsync(client, plan, live);
        }
    }

    /// <summary>The object moved on since the dry run: already-applied when the same patch would change nothing now.</summary>
    private async Task<RemediationApplied> CompareAsync(IKubernetes client, RemediationPlan plan, JsonObject live)
    {
        var patch = JsonNode.Parse(plan.Patch!)!.AsObject();
        (patch["metadata"] as JsonObject)?.Remove("resourceVersion");
        var wouldBe = await LiveObjects.PatchAsync(client, plan.Target, plan.PatchType!, patch.ToJsonString(), dryRun: true, ShutdownToken);
        return JsonNode.DeepEquals(YamlView.Clean(wouldBe), YamlView.Clean(live))
            ? Result(ApplyOutcomes.AlreadyApplied, $"Already applied: {plan.Target} has the change ({plan.Summary}).", ResourceVersion(live))
            : Result(ApplyOutcomes.Changed, $"{plan.Target} changed since the dry run (resourceVersion {plan.LiveResourceVersion} → {ResourceVersion(live)}); plan again.", ResourceVersion(live));
    }

    private async Task<RemediationApplied> DeleteAsync(IKubernetes client, RemediationPlan plan)
    {
        var live = await LiveObjects.ReadAsync(client, plan.Target, ShutdownToken);
        if (live is null || Uid(live) != plan.LiveUid)
            return Gone(plan);
        if (ResourceVersion(live) != plan.LiveResourceVersion)
            return Changed(plan, live);
        try
        {
            await LiveObjects.DeletePodAsync(client, plan.Target, plan.LiveUid ?? "", plan.LiveResourceVersion ?? "", dryRun: false, ShutdownToken);
            return Result(ApplyOutcomes.Applied, $"Applied: {plan.Summary}.", null);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            live = await LiveObjects.ReadAsync(client, plan.Target, ShutdownToken);
            return live is null || Uid(live) != plan.LiveUid ? Gone(plan) : Changed(plan, live);
        }
    }

    private RemediationApplied Gone(RemediationPlan plan) =>
        Result(ApplyOutcomes.AlreadyApplied, $"Already applied: pod {plan.Target.Namespace}/{plan.Target.Name} with uid {plan.LiveUid} is gone.", null);

    private RemediationApplied Changed(RemediationPlan plan, JsonObject live) =>
        Result(ApplyOutcomes.Changed, $"{plan.Target} changed since the dry run (resourceVersion {plan.LiveResourceVersion} → {ResourceVersion(live)}); plan again.", ResourceVersion(live));

    private RemediationApplied Result(string outcome, string detail, string? resourceVersion) => new(outcome, detail, resourceVersion, time.GetUtcNow());

    private static string? ResourceVersion(JsonObject obj) => obj["metadata"]?["resourceVersion"]?.GetValue<string>();

    private static string? Uid(JsonObject obj) => obj["metadata"]?["uid"]?.GetValue<string>();
}
