using System.Globalization;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// rbac-denied: a controller that lists pods runs under a ServiceAccount no Role grants that to. client-go's
/// reflector logs <c>pods is forbidden: User "system:serviceaccount:NS:SA" cannot list resource "pods" in API group ""
/// in the namespace "NS"</c>; the caches never sync and the process exits, crash-looping.
/// </summary>
internal static class RbacDeniedFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("pod-janitor", replicas: 1, secret: false);
        PodTemplates.AllowApiAccess(plan.Template); // It lists pods, so its pods mount the token; the missing part is a RoleBinding.
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var user = $"system:serviceaccount:{c.Namespace}:{plan.Name}";
        var forbidden = $"pods is forbidden: User \"{user}\" cannot list resource \"pods\" in API group \"\" in the namespace \"{c.Namespace}\"";
        var pod = parts.Pods[0];
        FaultKit.CrashLoop(c, pod, plan.Name, 1, "Error", 9, start => Log(start, plan, c.Namespace, forbidden), TimeSpan.FromSeconds(31));
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        c.Note($"Logs of {c.Namespace}/{K8sJson.Name(pod)}: {forbidden}");
        c.Note($"ServiceAccount {c.Namespace}/{plan.Name} is bound to no Role that allows listing pods");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(pod), MixinAlerts.PodCrashLooping(c.B, pod, plan.Name));
    }

    private static IEnumerable<string> Log(DateTimeOffset start, AppPlan plan, string ns, string forbidden)
    {
        static string Klog(char level, DateTimeOffset t, string file, string message) =>
            level + t.UtcDateTime.ToString("MMdd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + $"       1 {file}] {message}";
        const string reflector = "k8s.io/client-go@v0.29.3/tools/cache/reflector.go:229";
        yield return Klog('I', start.AddMilliseconds(120), "main.go:48", $"\"Starting pod-janitor\" version=\"{plan.Version}\" namespace=\"{ns}\"");
        for (var i = 0; i < 3; i++)
        {
            var t = start.AddSeconds(1 + (i * 10));
            yield return Klog('W', t, "reflector.go:539", $"{reflector}: failed to list *v1.Pod: {forbidden}");
            yield return Klog('E', t.AddMilliseconds(1), "reflector.go:147", $"{reflector}: Failed to watch *v1.Pod: failed to list *v1.Pod: {forbidden}");
        }

        yield return Klog('E', start.AddSeconds(31), "main.go:71", "\"Failed to sync informer caches\" err=\"timed out waiting for caches to sync\"");
    }
}
