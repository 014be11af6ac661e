using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// init-container-failure: a Django service whose migration init container fails on every start
/// (<c>column "tax_region" of relation "billing_invoice" already exists</c>); the pods stay in
/// <c>Init:CrashLoopBackOff</c>, Initialized=False, the app container waiting in PodInitializing.
/// </summary>
internal static class InitContainerFailureFault
{
    private const string InitName = "db-migrate";

    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("billing-api", replicas: 2);
        var image = K8sJson.Text(plan.MainContainer, "image")!;
        var init = PodTemplates.Container(InitName, image);
        init["command"] = new JsonArray("python", "manage.py", "migrate", "--noinput");
        init["env"] = new JsonArray(PodTemplates.EnvFrom("DATABASE_PASSWORD", "secretKeyRef", plan.Secret!, "DATABASE_PASSWORD"));
        init["resources"] = PodTemplates.Resources("100m", "128Mi", null, "256Mi");
        ((JsonObject)plan.Template["spec"]!).Insert(0, "initContainers", new JsonArray(init));
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var restarts = 8;
        foreach (var pod in parts.Pods)
        {
            var created = FaultKit.Created(pod);
            var status = (JsonObject)pod["status"]!;
            status["phase"] = "Pending";
            status["conditions"] = Pods.Conditions(created, initialized: false, ready: false, readyAt: created,
                "ContainersNotInitialized", $"containers with incomplete status: [{InitName}]",
                "ContainersNotReady", $"containers with unready status: [{plan.Name}]");
            Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, Pods.Container(pod, plan.Name), Pods.Waiting("PodInitializing"), null,
                ready: false, restarts: 0, started: false, imagePulled: false));
            c.B.Snapshot.Logs.Remove(new ContainerLogKey(c.Namespace, K8sJson.Name(pod), plan.Name, false));
            FaultKit.CrashLoop(c, pod, InitName, 1, "Error", restarts--, MigrationLog, TimeSpan.FromSeconds(6), init: true);
        }

        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: init container {InitName} waiting CrashLoopBackOff, exitCode=1 (Init:CrashLoopBackOff)");
        c.Note("Logs of db-migrate: django.db.utils.ProgrammingError: column \"tax_region\" of relation \"billing_invoice\" already exists");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }

    private static IEnumerable<string> MigrationLog(DateTimeOffset start)
    {
        _ = start;
        yield return "Operations to perform:";
        yield return "  Apply all migrations: admin, auth, billing, contenttypes, sessions";
        yield return "Running migrations:";
        yield return "  Applying billing.0031_invoice_tax_region...Traceback (most recent call last):";
        yield return "  File \"/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py\", line 105, in _execute";
        yield return "    return self.cursor.execute(sql, params)";
        yield return "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^";
        yield return "psycopg.errors.DuplicateColumn: column \"tax_region\" of relation \"billing_invoice\" already exists";
        yield return "";
        yield return "The above exception was the direct cause of the following exception:";
        yield return "";
        yield return "Traceback (most recent call last):";
        yield return "  File \"/app/manage.py\", line 22, in <module>";
        yield return "    main()";
        yield return "  File \"/usr/local/lib/python3.12/site-packages/django/db/migrations/executor.py\", line 255, in apply_migration";
        yield return "    state = migration.apply(state, schema_editor)";
        yield return "  File \"/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py\", line 105, in _execute";
        yield return "    return self.cursor.execute(sql, params)";
        yield return "django.db.utils.ProgrammingError: column \"tax_region\" of relation \"billing_invoice\" already exists";
    }
}
