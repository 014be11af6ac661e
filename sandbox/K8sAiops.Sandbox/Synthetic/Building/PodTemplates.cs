using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Pod templates of typical applications, as they appear in a Deployment's <c>spec.template</c> after defaulting.</summary>
internal static class PodTemplates
{
    /// <summary>
    /// An HTTP service: one container with a named port, requests and limits, readiness and liveness probes,
    /// an env var from its ConfigMap and one from its Secret, and the ConfigMap mounted as a volume. It does not call the
    /// Kubernetes API, so its pods mount no ServiceAccount token.
    /// </summary>
    public static JsonObject App(string name, string image, int port, string? configMap, string? secret, string serviceAccount)
    {
        var container = Container(name, image);
        container["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = port, ["protocol"] = "TCP" });
        var env = new JsonArray(new JsonObject { ["name"] = "PORT", ["value"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (configMap is not null)
        {
            env.Add(EnvFrom("LOG_LEVEL", "configMapKeyRef", configMap, "LOG_LEVEL"));
        }

        if (secret is not null)
        {
            env.Add(EnvFrom("DATABASE_PASSWORD", "secretKeyRef", secret, "DATABASE_PASSWORD"));
        }

        container["env"] = env;
        container["resources"] = Resources("100m", "128Mi", "500m", "256Mi");
        container["readinessProbe"] = HttpProbe("/ready", 5, 10);
        container["livenessProbe"] = HttpProbe("/healthz", 15, 20);
        var spec = PodSpec(serviceAccount, [container], apiAccess: false);
        if (configMap is not null)
        {
            container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config", ["readOnly"] = true, ["mountPath"] = $"/etc/{name}" });
            spec["volumes"] = new JsonArray(new JsonObject
            {
                ["name"] = "config",
                ["configMap"] = new JsonObject { ["name"] = configMap, ["defaultMode"] = 420 },
            });
        }

        return Template(K8sJson.Labels(("app", name)), spec);
    }

    /// <summary>A pod template: labels and a spec (the <c>creationTimestamp: null</c> is what the API server shows in templates).</summary>
    public static JsonObject Template(JsonObject labels, JsonObject spec) => new()
    {
        ["metadata"] = new JsonObject { ["creationTimestamp"] = null, ["labels"] = labels },
        ["spec"] = spec,
    };

    public static JsonObject PodSpec(string serviceAccount, params JsonObject[] containers) => PodSpec(serviceAccount, containers, apiAccess: true);

    /// <summary>
    /// A pod spec; without <paramref name="apiAccess"/> it sets <c>automountServiceAccountToken: false</c>, as workloads that
    /// never call the Kubernetes API should, and the pods get no token volume.
    /// </summary>
    public static JsonObject PodSpec(string serviceAccount, JsonObject[] containers, bool apiAccess)
    {
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(containers),
            ["restartPolicy"] = "Always",
            ["terminationGracePeriodSeconds"] = 30,
            ["dnsPolicy"] = "ClusterFirst",
            ["serviceAccountName"] = serviceAccount,
            ["serviceAccount"] = serviceAccount,
        };
        if (!apiAccess)
        {
            spec["automountServiceAccountToken"] = false;
        }

        spec["securityContext"] = new JsonObject();
        spec["schedulerName"] = "default-scheduler";
        return spec;
    }

    /// <summary>Lets the pods of <paramref name="template"/> mount their ServiceAccount token (for workloads that call the API).</summary>
    public static void AllowApiAccess(JsonObject template) => ((JsonObject)template["spec"]!).Remove("automountServiceAccountToken");

    public static JsonObject Container(string name, string image) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["resources"] = new JsonObject(),
        ["terminationMessagePath"] = "/dev/termination-log",
        ["terminationMessagePolicy"] = "File",
        ["imagePullPolicy"] = "IfNotPresent",
    };

    public static JsonObject Resources(string? cpuRequest, string? memoryRequest, string? cpuLimit, string? memoryLimit)
    {
        var resources = new JsonObject();
        var limits = new JsonObject();
        var requests = new JsonObject();
        if (cpuLimit is not null)
        {
            limits["cpu"] = cpuLimit;
        }

        if (memoryLimit is not null)
        {
            limits["memory"] = memoryLimit;
        }

        if (cpuRequest is not null)
        {
            requests["cpu"] = cpuRequest;
        }

        if (memoryRequest is not null)
        {
            requests["memory"] = memoryRequest;
        }

        if (limits.Count > 0)
        {
            resources["limits"] = limits;
        }

        if (requests.Count > 0)
        {
            resources["requests"] = requests;
        }

        return resources;
    }

    /// <summary>An HTTP GET probe on a named port, or on a number (<c>"8080"</c> is written as the integer, as the API server keeps it).</summary>
    public static JsonObject HttpProbe(string path, int initialDelay, int period, string port = "http") => new()
    {
        ["httpGet"] = new JsonObject
        {
            ["path"] = path,
            ["port"] = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : port,
            ["scheme"] = "HTTP",
        },
        ["initialDelaySeconds"] = initialDelay,
        ["timeoutSeconds"] = 1,
        ["periodSeconds"] = period,
        ["successThreshold"] = 1,
        ["failureThreshold"] = 3,
    };

    public static JsonObject ExecProbe(int initialDelay, int period, params string[] command) => new()
    {
        ["exec"] = new JsonObject { ["command"] = K8sJson.Strings(command) },
        ["initialDelaySeconds"] = initialDelay,
        ["timeoutSeconds"] = 1,
        ["periodSeconds"] = period,
        ["successThreshold"] = 1,
        ["failureThreshold"] = 3,
    };

    public static JsonObject EnvFrom(string name, string refKind, string objectName, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { [refKind] = new JsonObject { ["name"] = objectName, ["key"] = key } },
    };

    public static JsonObject MainContainer(JsonObject template) => (JsonObject)template["spec"]!["containers"]![0]!;
}
