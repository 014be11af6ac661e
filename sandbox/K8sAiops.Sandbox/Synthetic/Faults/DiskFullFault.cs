using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// disk-full: a PostgreSQL StatefulSet whose 20Gi volume is full. The server keeps running and answering
/// readiness checks, but writes fail with <c>No space left on device</c>; kubelet volume stats fire
/// KubePersistentVolumeFillingUp on the claim.
/// </summary>
internal static class DiskFullFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var name = c.FreeName("timeseries-db");
        var secret = c.B.FreeName(ResourceKinds.Secret, c.Namespace, $"{name}-credentials");
        Configuration.Secret(c.B, c.Namespace, secret, c.Now.AddDays(-60), [("password", Configuration.SecretValue(c.B)), ("username", "metrics")]);
        var parts = StatefulSets.Deploy(c.B, c.Namespace, name, StatefulFlavor.Postgres, StatefulSets.Template(name, StatefulFlavor.Postgres, secret), 1, "20Gi",
            c.Now.AddDays(-60));
        var pod = parts.Pods[0];
        var claim = parts.Claims[0];
        var started = FaultKit.Created(pod).AddSeconds(3);
        c.B.Log(pod, name, PostgresLog(started, c.Since, c.Now));
        var node = c.B.Find(ResourceKinds.Node, null, K8sJson.Text(pod, "spec", "nodeName")!)!;
        c.Note($"Logs of {c.Namespace}/{K8sJson.Name(pod)}: 'could not extend file ...: No space left on device'");
        c.Note($"PersistentVolumeClaim {c.Namespace}/{K8sJson.Name(claim)}: 20Gi, mounted at {StatefulFlavor.Postgres.DataPath}");
        return c.Done(FaultContext.Ref(claim), FaultContext.Ref(claim), MixinAlerts.PersistentVolumeFillingUp(claim, node));
    }

    private static IEnumerable<string> PostgresLog(DateTimeOffset started, DateTimeOffset since, DateTimeOffset now)
    {
        foreach (var line in StatefulFlavor.Postgres.Log(started))
        {
            yield return line;
        }

        var t = since;
        var pid = 4711;
        var block = 24591;
        while (t < now)
        {
            var at = StatefulFlavor.PostgresTime(t);
            yield return $"{at} [{pid}] ERROR:  could not extend file \"base/16384/{block}.14\": No space left on device";
            yield return $"{at} [{pid}] HINT:  Check free disk space.";
            yield return $"{at} [{pid}] STATEMENT:  INSERT INTO samples (series_id, ts, value) VALUES ($1, $2, $3), ($4, $5, $6), ($7, $8, $9)";
            t = t.AddMinutes(4).AddSeconds(pid % 17);
            pid += 3;
            if (pid % 2 == 0)
            {
                yield return $"{StatefulFlavor.PostgresTime(t.AddSeconds(-30))} [26] LOG:  could not write to file \"pg_wal/xlogtemp.26\": No space left on device";
            }
        }
    }
}
