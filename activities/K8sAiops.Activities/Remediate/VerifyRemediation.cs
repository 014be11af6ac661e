using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// Activity: one look at a remediated target (the orchestration repeats it every <c>Remediation:VerifyInterval</c>
/// until healthy or <c>Remediation:VerifyTimeout</c>). A Deployment or StatefulSet is healthy when its controller saw
/// the change (observedGeneration), every replica is updated, ready and available, and the current revision's pods
/// are Ready with no bad waiting reason, OOM kill or restart since the write; a cordoned Node when it is
/// unschedulable; a deleted pod when it is gone and its controller's pods are all back and healthy. Only reads;
/// a healthy check is audited.
/// </summary>
public sealed class VerifyRemediation(KubernetesClients clients, AuditLog audit) : TaskActivity<VerifyRemediationRequest, VerificationCheck>
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public override async Task<VerificationCheck> RunAsync(TaskActivityContext context, VerifyRemediationRequest input)
    {
        var plan = input.Plan;
        if (input.Applied.Outcome is not (ApplyOutcomes.Applied or ApplyOutcomes.AlreadyApplied))
            return new VerificationCheck(false, $"Nothing to verify: the apply was {input.Applied.Outcome}.", [$"apply {input.Applied.Outcome}: {input.Applied.Detail}"]);

        var (client, _) = clients.For(plan.Context);
        var problems = plan.Target.Kind switch
        {
            "Node" => await NodeAsync(client, plan.Target),
            "Pod" => await ReplacedAsync(client, plan, input.Applied.At),
            "Deployment" or "StatefulSet" => await WorkloadAsync(client, plan.Target, input.Applied.At),
            _ => [$"{plan.Target.Kind} targets cannot be verified"],
        };
        var check = problems.Count == 0
            ? new VerificationCheck(true, $"{plan.Target} is healthy after: {plan.Summary}.", [])
            : new VerificationCheck(false, $"{plan.Target} is not healthy yet: {problems.Count.ToString(CultureInfo.InvariantCulture)} problem(s).", problems);
        if (check.Healthy)
        {
            await audit.AppendAsync(new AuditEntry
            {
                InstanceId = context.InstanceId, Step = AuditSteps.Verify, Outcome = "healthy", Actor = "system",
                Action = $"{plan.Action.Kind} {plan.Target}", Detail = check.Detail,
            }, context.IdempotencyKey + ":verify", ShutdownToken);
        }
        return check;
    }

    private async Task<List<string>> NodeAsync(IKubernetes client, ResourceRef node)
    {
        var live = await LiveObjects.ReadAsync(client, node, ShutdownToken);
        if (live is null)
            return [$"node {node.Name}: not found"];
        return live["spec"]?["unschedulable"]?.GetValue<bool>() == true ? [] : [$"node {node.Name}: still schedulable (spec.unschedulable is not true)"];
    }

    private async Task<List<string>> WorkloadAsync(IKubernetes client, ResourceRef target, DateTimeOffset since)
    {
        var live = await LiveObjects.ReadAsync(client, target, ShutdownToken);
        if (live is null)
            return [$"{target}: not found"];
        var problems = new List<string>();
        var spec = live["spec"]?["replicas"]?.GetValue<long>() ?? 1;
        var status = live["status"] as JsonObject ?? [];
        long Count(string field) => status[field]?.GetValue<long>() ?? 0;

        var generation = live["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        if (Count("observedGeneration") < generation)
            problems.Add($"{target}: the controller has not seen generation {generation.ToString(CultureInfo.InvariantCulture)} yet (observedGeneration {Count("observedGeneration").ToString(CultureInfo.InvariantCulture)})");
        foreach (var field in new[] { "replicas", "updatedReplicas", "readyReplicas", "availableReplicas" })
        {
            if (Count(field) != spec)
                problems.Add($"{target}: {field} {Count(field).ToString(CultureInfo.InvariantCulture)} of {spec.ToString(CultureInfo.InvariantCulture)}");
        }

        var owner = live["metadata"]?["uid"]?.GetValue<string>();
        if (target.Kind == "Deployment")
        {
            var revision = live["metadata"]?["annotations"]?[RevisionAnnotation]?.GetValue<string>();
            var current = (await LiveObjects.ReplicaSetsAsync(client, target.Namespace, LiveObjects.Selector(live), ShutdownToken))
                .FirstOrDefault(s => OwnedBy(s, owner) && s["metadata"]?["annotations"]?[RevisionAnnotation]?.GetValue<string>() == revision);
            if (current is null)
            {
                problems.Add($"{target}: no ReplicaSet of revision {revision}");
                return problems;
            }
            owner = current["metadata"]?["uid"]?.GetValue<string>();
        }

        var pods = (await LiveObjects.PodsAsync(client, target.Namespace, LiveObjects.Selector(live), ShutdownToken)).Where(p => OwnedBy(p, owner)).ToList();
        foreach (var pod in pods)
            problems.AddRange(PodHealthCheck.Problems(pod, since));
        return problems;
    }

    /// <summary>A deleted pod: gone (a StatefulSet's comes back under its name with a new uid), and its controller's pods all healthy.</summary>
    private async Task<List<string>> ReplacedAsync(IKubernetes client, RemediationPlan plan, DateTimeOffset since)
    {
        var problems = new List<string>();
        var pod = await LiveObjects.ReadAsync(client, plan.Target, ShutdownToken);
        if (pod?["metadata"]?["uid"]?.GetValue<string>() == plan.LiveUid)
            problems.Add($"pod {plan.Target.Namespace}/{plan.Target.Name}: still there (uid {plan.LiveUid})");
        if (plan.Owner is not { } ownerRef)
            return problems;

        var owner = await LiveObjects.ReadAsync(client, ownerRef, ShutdownToken);
        if (owner is null)
            return [.. problems, $"{ownerRef}: not found, so nothing replaces the pod"];
        var wanted = owner["spec"]?["replicas"]?.GetValue<long>() ?? 1;
        var uid = owner["metadata"]?["uid"]?.GetValue<string>();
        var pods = (await LiveObjects.PodsAsync(client, ownerRef.Namespace, LiveObjects.Selector(owner), ShutdownToken))
            .Where(p => OwnedBy(p, uid) && p["metadata"]?["uid"]?.GetValue<string>() != plan.LiveUid).ToList();
        if (pods.Count < wanted)
            problems.Add($"{ownerRef}: {pods.Count.ToString(CultureInfo.InvariantCulture)} of {wanted.ToString(CultureInfo.InvariantCulture)} pods");
        foreach (var replacement in pods)
            problems.AddRange(PodHealthCheck.Problems(replacement, since));
        return problems;
    }

    private static bool OwnedBy(JsonObject obj, string? uid) =>
        uid is not null && (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().Any(o => o["uid"]?.GetValue<string>() == uid);
}
