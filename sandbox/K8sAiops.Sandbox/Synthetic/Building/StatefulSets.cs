using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>A stateful service the generator knows how to run: image, port, readiness check and how its log reads.</summary>
internal sealed record StatefulFlavor(string Image, int Port, string PortName, string[] ReadinessCommand, string DataPath, Func<DateTimeOffset, IEnumerable<string>> Log)
{
    public static readonly StatefulFlavor Postgres = new("postgres:16.2", 5432, "postgres", ["pg_isready", "-U", "postgres"], "/var/lib/postgresql/data", PostgresLog);
    public static readonly StatefulFlavor Redis = new("redis:7.2.4", 6379, "redis", ["redis-cli", "ping"], "/data", RedisLog);
    public static readonly StatefulFlavor RabbitMq = new("rabbitmq:3.12.13-management", 5672, "amqp", ["rabbitmq-diagnostics", "-q", "ping"], "/var/lib/rabbitmq", RabbitLog);

    public static string PostgresTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    private static IEnumerable<string> PostgresLog(DateTimeOffset started)
    {
        yield return $"{PostgresTime(started)} [1] LOG:  starting PostgreSQL 16.2 (Debian 16.2-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit";
        yield return $"{PostgresTime(started.AddMilliseconds(4))} [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432";
        yield return $"{PostgresTime(started.AddMilliseconds(30))} [28] LOG:  database system was shut down at {PostgresTime(started.AddSeconds(-9))}";
        yield return $"{PostgresTime(started.AddMilliseconds(41))} [1] LOG:  database system is ready to accept connections";
        yield return $"{PostgresTime(started.AddMinutes(5))} [26] LOG:  checkpoint starting: time";
    }

    private static IEnumerable<string> RedisLog(DateTimeOffset started)
    {
        var t = started.UtcDateTime.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture);
        yield return $"1:C {t} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo";
        yield return $"1:C {t} # Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started";
        yield return $"1:M {t} * Server initialized";
        yield return $"1:M {t} * Ready to accept connections tcp";
    }

    private static IEnumerable<string> RabbitLog(DateTimeOffset started)
    {
        var t = started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00:00", CultureInfo.InvariantCulture);
        yield return $"{t} [info] <0.230.0> Starting RabbitMQ 3.12.13 on Erlang 25.3.2.9 [jit]";
        yield return $"{t} [info] <0.230.0> Ready to start client connection listeners";
        yield return $"{t} [info] <0.694.0> started TCP listener on [::]:5672";
        yield return $"{t} [info] <0.9.0> Server startup complete; 4 plugins started.";
    }
}

/// <summary>The objects <see cref="StatefulSets.Deploy"/> made.</summary>
internal sealed record StatefulParts(JsonObject StatefulSet, JsonObject Service, List<JsonObject> Pods, List<JsonObject> Claims);

/// <summary>StatefulSets with a headless Service and one bound claim per replica from <c>volumeClaimTemplates</c>.</summary>
internal static class StatefulSets
{
    public static JsonObject Template(string name, StatefulFlavor flavor, string? secret)
    {
        var container = PodTemplates.Container(name, flavor.Image);
        container["ports"] = new JsonArray(new JsonObject { ["name"] = flavor.PortName, ["containerPort"] = flavor.Port, ["protocol"] = "TCP" });
        if (secret is not null)
        {
            container["env"] = new JsonArray(PodTemplates.EnvFrom("PASSWORD", "secretKeyRef", secret, "password"));
        }

        container["resources"] = PodTemplates.Resources("250m", "512Mi", null, "1Gi");
        container["readinessProbe"] = PodTemplates.ExecProbe(5, 10, flavor.ReadinessCommand);
        container["livenessProbe"] = PodTemplates.ExecProbe(30, 20, flavor.ReadinessCommand);
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = flavor.DataPath });
        return PodTemplates.Template(K8sJson.Labels(("app", name)), PodTemplates.PodSpec("default", [container], apiAccess: false));
    }

    /// <summary>
    /// Deploys the StatefulSet, its Service (headless unless <paramref name="headless"/> is false, when clients reach it
    /// through a ClusterIP) with its Endpoints, pods with bound claims, and their logs.
    /// </summary>
    public static StatefulParts Deploy(ClusterBuilder b, string ns, string name, StatefulFlavor flavor, JsonObject template, int replicas, string size,
        DateTimeOffset created, bool headless = true)
    {
        var labels = K8sJson.Labels(("app", name));
        var service = Networking.Service(b, ns, name, (JsonObject)labels.DeepClone(), flavor.Port, flavor.Port, created, headless, portName: flavor.PortName);
        var revision = $"{name}-{b.Suffix(10)}";
        var sts = K8sJson.Object(ResourceKinds.StatefulSet, b.Metadata(ResourceKinds.StatefulSet, ns, name, created, (JsonObject)labels.DeepClone(), generation: 1));
        sts["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = template.DeepClone(),
            ["volumeClaimTemplates"] = new JsonArray(Storage.ClaimTemplate("data", size)),
            ["serviceName"] = name,
            ["podManagementPolicy"] = "OrderedReady",
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } },
            ["revisionHistoryLimit"] = 10,
            ["persistentVolumeClaimRetentionPolicy"] = new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" },
        };
        b.Add(sts);
        var pods = new List<JsonObject>();
        var claims = new List<JsonObject>();
        for (var i = 0; i < replicas; i++)
        {
            var podName = $"{name}-{i.ToString(CultureInfo.InvariantCulture)}";
            var node = b.PickNode();
            var podCreated = created.AddSeconds(20 * i);
            var (claim, _) = Storage.BoundClaim(b, ns, $"data-{podName}", size, node, podCreated, (JsonObject)labels.DeepClone());
            claims.Add(claim);
            var podTemplate = (JsonObject)template.DeepClone();
            K8sJson.Array((JsonObject)podTemplate["spec"]!, "volumes").Insert(0, new JsonObject
            {
                ["name"] = "data",
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = $"data-{podName}" },
            });
            podTemplate["spec"]!["hostname"] = podName;
            podTemplate["spec"]!["subdomain"] = name;
            var extraLabels = K8sJson.Labels(("apps.kubernetes.io/pod-index", i.ToString(CultureInfo.InvariantCulture)),
                ("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", podName));
            var pod = b.Add(Pods.Create(b, ns, podName, podTemplate, sts, node, podCreated, extraLabels: extraLabels));
            pods.Add(pod);
            b.Log(pod, name, flavor.Log(podCreated.AddSeconds(3)));
        }

        // The endpoints controller keeps Endpoints for every Service with a selector, headless ones included.
        Networking.Endpoints(b, service, pods, created.AddSeconds(30));

        sts["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["currentReplicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
            ["availableReplicas"] = replicas,
        };
        if (replicas == 0)
        {
            foreach (var field in new[] { "readyReplicas", "currentReplicas", "updatedReplicas" })
            {
                ((JsonObject)sts["status"]!).Remove(field);
            }
        }

        return new StatefulParts(sts, service, pods, claims);
    }
}
