using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Inspect.Reading;
using NCrontab;
using C = K8sAiops.Activities.Inspect.Checks.CheckCatalog;

namespace K8sAiops.Activities.Inspect.Checks;

/// <summary>
/// The spec and status checks of one namespace (<see cref="CheckCatalog.Own"/> but the node and volume ones). Pure: they
/// read the listed objects and the clock, nothing else.
/// </summary>
/// <param name="boundAccounts">
/// ServiceAccounts some ClusterRoleBinding or another namespace's RoleBinding grants something (<see cref="Grants"/>); the
/// namespace's own RoleBindings are read from the objects.
/// </param>
internal sealed class NamespaceChecks(NamespaceObjects o, DateTimeOffset now, IReadOnlySet<string> boundAccounts)
{
    private readonly HashSet<string> localGrants = o.RoleBindings.SelectMany(b => Grants.Of(b.Subjects, o.Namespace)).ToHashSet(StringComparer.Ordinal);

    public static readonly TimeSpan Day = TimeSpan.FromHours(24);
    public static readonly TimeSpan CertificateWarning = TimeSpan.FromDays(30);

    private string Ns => o.Namespace;

    public IEnumerable<InspectionFinding> Run() =>
        Restarts().Concat(Templates()).Concat(Workloads()).Concat(Budgets()).Concat(Autoscalers()).Concat(Batch())
            .Concat(Ingresses()).Concat(Certificates()).Concat(Claims()).Concat(Events());

    private IEnumerable<InspectionFinding> Restarts()
    {
        var recent = o.Pods.Where(p => !PodTemplates.Finished(p))
            .SelectMany(p => (p.Status?.ContainerStatuses ?? []).Where(s => s.RestartCount > 0
                && s.LastState?.Terminated?.FinishedAt is { } finished && now - finished.AsUtc() <= Day)
                .Select(s => (Owner: PodTemplates.OwnerOf(p, o), Pod: p.Metadata.Name, Status: s)));
        foreach (var group in recent.GroupBy(r => r.Owner))
        {
            var total = group.Sum(r => r.Status.RestartCount);
            var worst = group.OrderByDescending(r => r.Status.RestartCount).First();
            var reason = worst.Status.LastState.Terminated.Reason ?? "exit";
            yield return C.Restarts.Finding(group.Key,
                $"{total} restart(s) in {group.Select(r => r.Pod).Distinct(StringComparer.Ordinal).Count()} pod(s); container {worst.Status.Name} of {worst.Pod} last ended with {reason} (exit code {worst.Status.LastState.Terminated.ExitCode})",
                total >= 5 ? Severities.Medium : Severities.Low);
        }
    }

    private IEnumerable<InspectionFinding> Templates()
    {
        foreach (var (owner, spec) in PodTemplates.Of(o))
        {
            var containers = spec.Containers ?? [];
            var longRunning = owner.Kind is not ("Job" or "CronJob") && !(owner.Kind == "Pod" && spec.RestartPolicy is "Never" or "OnFailure");
            var noRequests = containers.Where(c => c.Resources?.Requests is not { } r || !r.ContainsKey("cpu") || !r.ContainsKey("memory")).Select(c => c.Name).ToList();
            if (noRequests.Count > 0)
                yield return C.MissingRequests.Finding(owner, $"container(s) {string.Join(", ", noRequests)} have no cpu or memory request");
            var noLimits = containers.Where(c => c.Resources?.Limits?.ContainsKey("memory") != true).Select(c => c.Name).ToList();
            if (noLimits.Count > 0)
                yield return C.MissingLimits.Finding(owner, $"container(s) {string.Join(", ", noLimits)} have no memory limit");
            if (longRunning)
            {
                var noProbes = containers.Where(c => c.ReadinessProbe is null || c.LivenessProbe is null)
                    .Select(c => $"{c.Name} ({(c.ReadinessProbe is null ? "readiness" : "")}{(c.ReadinessProbe is null && c.LivenessProbe is null ? ", " : "")}{(c.LivenessProbe is null ? "liveness" : "")})").ToList();
                if (noProbes.Count > 0)
                    yield return C.MissingProbes.Finding(owner, $"container(s) without probes: {string.Join("; ", noProbes)}");
            }
            var floating = containers.Concat(spec.InitContainers ?? []).Where(c => FloatingTag(c.Image)).Select(c => $"{c.Name} ({c.Image})").ToList();
            if (floating.Count > 0)
                yield return C.LatestImage.Finding(owner, $"image(s) without a fixed tag: {string.Join(", ", floating)}");
            var privileged = containers.Concat(spec.InitContainers ?? []).Where(c => c.SecurityContext?.Privileged == true).Select(c => c.Name).ToList();
            if (privileged.Count > 0)
                yield return C.Privileged.Finding(owner, $"container(s) {string.Join(", ", privileged)} run privileged");
            var hostPaths = (spec.Volumes ?? []).Where(v => v.HostPath is not null).Select(v => $"{v.Name} ({v.HostPath.Path})").ToList();
            if (hostPaths.Count > 0)
                yield return C.HostPath.Finding(owner, $"mounts hostPath volume(s) {string.Join(", ", hostPaths)}");
            if (UnneededToken(spec) is { } account)
                yield return C.TokenAutomount.Finding(owner, $"mounts the token of ServiceAccount {account}, which no RoleBinding or ClusterRoleBinding grants anything");
        }
    }

    /// <summary><c>:latest</c>, or no tag and no digest (which means latest).</summary>
    internal static bool FloatingTag(string? image)
    {
        if (string.IsNullOrEmpty(image) || image.Contains('@', StringComparison.Ordinal))
            return false;
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest";
    }

    /// <summary>The ServiceAccount whose token the pods mount although nothing grants it anything; null when they need it, or when the bindings or accounts were not all read.</summary>
    private string? UnneededToken(V1PodSpec spec)
    {
        if (spec.AutomountServiceAccountToken == false || o.Incomplete.Contains("RoleBindings") || o.Incomplete.Contains("ServiceAccounts"))
            return null;
        var name = spec.ServiceAccountName ?? spec.ServiceAccount ?? "default";
        var account = o.ServiceAccounts.FirstOrDefault(a => a.Metadata.Name == name);
        if (account?.AutomountServiceAccountToken == false && spec.AutomountServiceAccountToken is null)
            return null;
        return Grants.Cover(boundAccounts, Ns, name) || Grants.Cover(localGrants, Ns, name) ? null : name;
    }

    private IEnumerable<InspectionFinding> Workloads()
    {
        foreach (var d in o.Deployments)
        {
            var r = new FindingResource("Deployment", Ns, d.Metadata.Name);
            var wanted = d.Spec?.Replicas ?? 1;
            if (wanted == 1)
                yield return C.SingleReplica.Finding(r, "runs a single replica: one eviction, node drain or crash is an outage");
            var stuck = d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing" && c.Status == "False" && c.Reason == "ProgressDeadlineExceeded");
            if (stuck is not null)
                yield return C.RolloutStuck.Finding(r, $"rollout stuck: {stuck.Message}");
            var ready = d.Status?.ReadyReplicas ?? 0;
            if (wanted > 0 && ready < wanted)
                yield return C.ReplicasUnavailable.Finding(r, $"{ready} of {wanted} replicas ready ({d.Status?.UnavailableReplicas ?? wanted - ready} unavailable)");
        }
        foreach (var s in o.StatefulSets)
        {
            var wanted = s.Spec?.Replicas ?? 1;
            var ready = s.Status?.ReadyReplicas ?? 0;
            if (wanted > 0 && ready < wanted)
                yield return C.ReplicasUnavailable.Finding(new("StatefulSet", Ns, s.Metadata.Name), $"{ready} of {wanted} replicas ready");
        }
        foreach (var d in o.DaemonSets)
        {
            var wanted = d.Status?.DesiredNumberScheduled ?? 0;
            var ready = d.Status?.NumberReady ?? 0;
            if (wanted > 0 && ready < wanted)
                yield return C.ReplicasUnavailable.Finding(new("DaemonSet", Ns, d.Metadata.Name), $"{ready} of {wanted} daemon pods ready");
        }
    }

    private IEnumerable<InspectionFinding> Budgets()
    {
        foreach (var pdb in o.DisruptionBudgets)
        {
            var expected = pdb.Status?.ExpectedPods ?? o.Pods.Count(p => !PodTemplates.Finished(p) && Selectors.Matches(pdb.Spec?.Selector?.MatchLabels, p.Metadata.Labels));
            if (expected == 0)
                continue;
            string? why = null;
            if (pdb.Spec?.MaxUnavailable is { } maxUnavailable && (maxUnavailable.Value is "0" or "0%"))
                why = $"maxUnavailable is {maxUnavailable.Value}";
            else if (pdb.Spec?.MinAvailable is { } minAvailable && MinAvailableCount(minAvailable.Value, expected) >= expected)
                why = $"minAvailable {minAvailable.Value} covers all {expected} pod(s)";
            if (why is not null)
                yield return C.PdbBlocksEviction.Finding(new("PodDisruptionBudget", Ns, pdb.Metadata.Name), $"allows no eviction: {why}, so node drains hang");
        }
    }

    private static int MinAvailableCount(string value, int expected) =>
        value.EndsWith('%') && int.TryParse(value[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent)
            ? (int)Math.Ceiling(expected * percent / 100.0)
            : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;

    private IEnumerable<InspectionFinding> Autoscalers()
    {
        foreach (var hpa in o.Autoscalers)
        {
            var max = hpa.Spec?.MaxReplicas ?? 0;
            var current = hpa.Status?.CurrentReplicas ?? 0;
            var min = hpa.Spec?.MinReplicas ?? 1;
            if (max > 0 && current >= max && max > min)
            {
                var limited = hpa.Status?.Conditions?.FirstOrDefault(c => c.Type == "ScalingLimited" && c.Status == "True");
                yield return C.HpaAtMax.Finding(new("HorizontalPodAutoscaler", Ns, hpa.Metadata.Name),
                    $"at its maximum of {max} replicas (desired {hpa.Status?.DesiredReplicas ?? current}){(limited is null ? "" : $": {limited.Message}")}");
            }
        }
    }

    private IEnumerable<InspectionFinding> Batch()
    {
        foreach (var cron in o.CronJobs)
        {
            var r = new FindingResource("CronJob", Ns, cron.Metadata.Name);
            var jobs = o.Jobs.Where(j => j.Metadata.OwnerReferences?.Any(x => x.Kind == "CronJob" && x.Name == cron.Metadata.Name) == true)
                .OrderByDescending(j => j.Metadata.CreationTimestamp).ToList();
            var latest = jobs.FirstOrDefault();
            var failed = latest?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
            if (failed is not null)
                yield return C.CronJobFailed.Finding(r, $"its last Job {latest!.Metadata.Name} failed: {failed.Reason} ({failed.Message})");
            if (cron.Spec?.Suspend != true && Missed(cron) is { } missed)
                yield return C.CronJobMissed.Finding(r, missed);
        }
    }

    /// <summary>Why the CronJob counts as missed: a run its schedule called for well over an hour ago (or its starting deadline) never happened.</summary>
    private string? Missed(V1CronJob cron)
    {
        if (Schedule(cron.Spec?.Schedule) is not { } schedule)
            return null;
        var last = cron.Status?.LastScheduleTime ?? cron.Metadata.CreationTimestamp;
        if (last is null)
            return null;
        var zone = TimeZoneInfo.Utc;
        if (cron.Spec?.TimeZone is { Length: > 0 } tz && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out zone))
            zone = TimeZoneInfo.Utc;
        var lastLocal = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(last.Value, DateTimeKind.Utc), zone);
        var nextLocal = schedule.GetNextOccurrence(lastLocal);
        var next = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(nextLocal, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        var grace = cron.Spec?.StartingDeadlineSeconds is { } deadline ? TimeSpan.FromSeconds(Math.Max(deadline, 60)) : TimeSpan.FromHours(1);
        return now - next > grace
            ? $"should have run at {next:yyyy-MM-dd HH:mm} UTC (schedule '{cron.Spec!.Schedule}'), but its last run was {last.Value.AsUtc():yyyy-MM-dd HH:mm} UTC"
            : null;
    }

    /// <summary>A CronJob's schedule: five fields, or one of the macros Kubernetes accepts (<c>@daily</c>...).</summary>
    internal static CrontabSchedule? Schedule(string? text)
    {
        var expression = text?.Trim() switch
        {
            null or "" => null,
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            var other => other,
        };
        return expression is null ? null : CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = false });
    }

    private IEnumerable<InspectionFinding> Ingresses()
    {
        var services = o.Services.Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var ingress in o.Ingresses)
        {
            var missing = (ingress.Spec?.Rules ?? []).SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend?.Service?.Name)
                .Append(ingress.Spec?.DefaultBackend?.Service?.Name)
                .Where(name => name is not null && !services.Contains(name)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
                yield return C.IngressMissingService.Finding(new("Ingress", Ns, ingress.Metadata.Name), $"routes to Service(s) {string.Join(", ", missing)}, which do not exist in {Ns}");
        }
    }

    private IEnumerable<InspectionFinding> Certificates()
    {
        foreach (var secret in o.TlsSecrets)
        {
            if (secret.Data?.TryGetValue("tls.crt", out var pem) != true || pem is null || NotAfter(pem) is not { } notAfter)
                continue;
            var left = notAfter - now;
            if (left > CertificateWarning)
                continue;
            var r = new FindingResource("Secret", Ns, secret.Metadata.Name);
            yield return left <= TimeSpan.Zero
                ? C.TlsExpiring.Finding(r, $"its certificate expired on {notAfter:yyyy-MM-dd}", Severities.Critical)
                : C.TlsExpiring.Finding(r, $"its certificate expires on {notAfter:yyyy-MM-dd}, in {left.TotalDays:0} day(s)", left <= TimeSpan.FromDays(7) ? Severities.High : Severities.Medium);
        }
    }

    /// <summary>The first certificate's expiry in a PEM (or DER) <c>tls.crt</c>; null when it cannot be read.</summary>
    internal static DateTimeOffset? NotAfter(byte[] certificate)
    {
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(certificate);
            using var cert = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(certificate);
            return new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private IEnumerable<InspectionFinding> Claims()
    {
        foreach (var claim in o.Claims.Where(c => c.Status?.Phase is { } phase && phase != "Bound"))
        {
            var age = claim.Metadata.CreationTimestamp is { } created ? now - created.AsUtc() : TimeSpan.MaxValue;
            if (age < TimeSpan.FromMinutes(5))
                continue; // Provisioning takes a moment.
            yield return C.UnboundClaim.Finding(new("PersistentVolumeClaim", Ns, claim.Metadata.Name),
                $"is {claim.Status!.Phase} (StorageClass {claim.Spec?.StorageClassName ?? "(default)"}, {Quantities.Text(claim.Spec?.Resources?.Requests, "storage")})");
        }
    }

    private IEnumerable<InspectionFinding> Events()
    {
        var recent = o.WarningEvents.Where(e => (e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp) is { } at
            && now - at.AsUtc() <= Day);
        foreach (var byReason in recent.GroupBy(e => e.Reason ?? "(no reason)", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var count = byReason.Sum(e => Math.Max(e.Count ?? 1, 1));
            var objects = byReason.Select(e => $"{e.InvolvedObject?.Kind}/{e.InvolvedObject?.Name}").Distinct(StringComparer.Ordinal).ToList();
            var example = byReason.OrderByDescending(e => e.LastTimestamp ?? e.EventTime).First();
            yield return C.WarningEvents.Finding(new("Event", Ns, byReason.Key),
                $"{count} Warning {byReason.Key} event(s) on {objects.Count} object(s) in 24 h, e.g. {objects[0]}: {example.Message}",
                count >= 50 ? Severities.Medium : Severities.Low);
        }
    }
}
