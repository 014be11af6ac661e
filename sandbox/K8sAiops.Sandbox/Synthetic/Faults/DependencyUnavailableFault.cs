using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// dependency-unavailable: the orders database (a PostgreSQL StatefulSet behind a ClusterIP Service) is down, its
/// server refusing to start on a data directory with the wrong permissions; the Service has no ready endpoints. The
/// orders API, which needs the database at start-up, logs <c>dial tcp 10.96.x.y:5432: connect: connection refused</c>
/// and crash-loops. Its alert fires; the culprit is the database's StatefulSet.
/// </summary>
internal static class DependencyUnavailableFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var (db, dbPod) = DownDatabase(c);
        var dbName = K8sJson.Name(db.StatefulSet);
        var address = $"{FaultKit.ClusterIp(db.Service)}:5432";
        var host = FaultKit.ServiceHost(db.Service);
        var refused = $"failed to connect to `host={host} user=orders database=orders`: dial error (dial tcp {address}: connect: connection refused)";
        var client = Clients.CrashesWithout(c, "orders-api", "DATABASE_URL", $"postgres://orders@{host}:5432/orders?sslmode=disable", start =>
        [
            AppLogs.Line(start.AddMilliseconds(180), "INFO", "starting orders-api"),
            AppLogs.Line(start.AddMilliseconds(190), "INFO", $"connecting to postgres at {host}:5432"),
            AppLogs.Line(start.AddSeconds(1), "ERROR", refused),
            AppLogs.Line(start.AddSeconds(4), "ERROR", refused),
            AppLogs.Line(start.AddSeconds(10), "ERROR", refused),
            AppLogs.Line(start.AddSeconds(11), "FATAL", "database unavailable after 3 attempts, exiting"),
        ]);
        c.Note($"Logs of {client.Name}: dial tcp {address}: connect: connection refused");
        c.Note($"Service {c.Namespace}/{dbName} ({address}): no ready endpoints");
        c.Note($"StatefulSet {c.Namespace}/{dbName}: pod {K8sJson.Name(dbPod)} in CrashLoopBackOff, 0 ready");
        return c.Done(FaultContext.Ref(db.StatefulSet), FaultContext.Ref(client.Pod), MixinAlerts.PodCrashLooping(c.B, client.Pod, client.Name));
    }

    /// <summary>
    /// The orders database, down: a PostgreSQL StatefulSet behind a ClusterIP Service, its only pod crash-looping on a
    /// data directory with the wrong permissions, the Service without ready endpoints.
    /// </summary>
    internal static (StatefulParts Db, JsonObject Pod) DownDatabase(FaultContext c)
    {
        var dbName = c.FreeName("orders-db");
        var secret = c.B.FreeName(ResourceKinds.Secret, c.Namespace, $"{dbName}-credentials");
        Configuration.Secret(c.B, c.Namespace, secret, c.Now.AddDays(-45), [("password", Configuration.SecretValue(c.B)), ("username", "orders")]);
        var db = StatefulSets.Deploy(c.B, c.Namespace, dbName, StatefulFlavor.Postgres, StatefulSets.Template(dbName, StatefulFlavor.Postgres, secret), 1, "50Gi",
            c.Now.AddDays(-45), headless: false);
        var dbPod = db.Pods[0];
        FaultKit.CrashLoop(c, dbPod, dbName, 1, "Error", 8, start =>
        [
            $"{StatefulFlavor.PostgresTime(start.AddMilliseconds(600))} [1] FATAL:  data directory \"{StatefulFlavor.Postgres.DataPath}\" has invalid permissions",
            $"{StatefulFlavor.PostgresTime(start.AddMilliseconds(600))} [1] DETAIL:  Permissions should be u=rwx (0700) or u=rwx,g=rx (0750).",
        ]);
        WorkloadStatus.RecountStatefulSet(c.B, db.StatefulSet);
        Networking.RefreshEndpoints(c.B, db.Service, c.Since);
        return (db, dbPod);
    }
}
