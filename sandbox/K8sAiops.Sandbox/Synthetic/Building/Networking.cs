using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Services, the Endpoints the endpoints controller keeps for them, and Ingresses.</summary>
internal static class Networking
{
    /// <summary>A ClusterIP Service (or a headless one) exposing <paramref name="port"/> and forwarding to <paramref name="targetPort"/>.</summary>
    public static JsonObject Service(ClusterBuilder b, string ns, string name, JsonObject selector, int port, JsonNode targetPort, DateTimeOffset created,
        bool headless = false, string portName = "http", string? clusterIp = null, JsonObject? labels = null)
    {
        var ip = headless ? "None" : clusterIp is null ? b.ClusterIp() : b.ClusterIp(clusterIp);
        var service = K8sJson.Object(ResourceKinds.Service, b.Metadata(ResourceKinds.Service, ns, name, created, labels ?? K8sJson.Labels(("app", name))));
        service["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["protocol"] = "TCP", ["port"] = port, ["targetPort"] = targetPort }),
            ["selector"] = selector,
            ["clusterIP"] = ip,
            ["clusterIPs"] = new JsonArray(ip),
            ["type"] = "ClusterIP",
            ["sessionAffinity"] = "None",
            ["ipFamilies"] = new JsonArray("IPv4"),
            ["ipFamilyPolicy"] = "SingleStack",
            ["internalTrafficPolicy"] = "Cluster",
        };
        service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        return b.Add(service);
    }

    /// <summary>The Endpoints of <paramref name="service"/> over the given candidate pods (those its selector matches).</summary>
    public static JsonObject Endpoints(ClusterBuilder b, JsonObject service, IEnumerable<JsonObject> candidates, DateTimeOffset changed)
    {
        var ns = K8sJson.Namespace(service);
        var name = K8sJson.Name(service);
        var labels = (JsonObject?)service["metadata"]?["labels"]?.DeepClone();
        var annotations = K8sJson.Labels(("endpoints.kubernetes.io/last-change-trigger-time", K8sJson.Time(changed)));
        var endpoints = K8sJson.Object(ResourceKinds.Endpoints, b.Metadata(ResourceKinds.Endpoints, ns, name, changed, labels, annotations));
        FillSubsets(endpoints, service, candidates);
        return b.Add(endpoints);
    }

    /// <summary>Recomputes the Endpoints of <paramref name="service"/> from the pods now in its namespace.</summary>
    public static void RefreshEndpoints(ClusterBuilder b, JsonObject service, DateTimeOffset changed)
    {
        var endpoints = b.Find(ResourceKinds.Endpoints, K8sJson.Namespace(service), K8sJson.Name(service));
        if (endpoints is null)
        {
            return;
        }

        endpoints.Remove("subsets");
        FillSubsets(endpoints, service, b.Objects(ResourceKinds.Pod, K8sJson.Namespace(service)));
        K8sJson.Child(K8sJson.Metadata(endpoints), "annotations")["endpoints.kubernetes.io/last-change-trigger-time"] = K8sJson.Time(changed);
        K8sJson.Metadata(endpoints)["resourceVersion"] = b.NextResourceVersion();
    }

    /// <summary>Whether a Service or workload selector (plain map) matches the pod's labels.</summary>
    public static bool Selects(JsonObject? selector, JsonObject pod)
    {
        if (selector is null || selector.Count == 0)
        {
            return false;
        }

        var labels = pod["metadata"]?["labels"] as JsonObject;
        return selector.All(s => K8sJson.Text(labels?[s.Key]) == K8sJson.Text(s.Value));
    }

    public static JsonObject Ingress(ClusterBuilder b, string ns, string name, string host, string service, int port, DateTimeOffset created)
    {
        var ingress = K8sJson.Object(ResourceKinds.Ingress, b.Metadata(ResourceKinds.Ingress, ns, name, created, K8sJson.Labels(("app", service)),
            K8sJson.Labels(("cert-manager.io/cluster-issuer", "letsencrypt"))));
        ingress["spec"] = new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["tls"] = new JsonArray(new JsonObject { ["hosts"] = new JsonArray(host), ["secretName"] = $"{name}-tls" }),
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = host,
                ["http"] = new JsonObject
                {
                    ["paths"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "/",
                        ["pathType"] = "Prefix",
                        ["backend"] = new JsonObject
                        {
                            ["service"] = new JsonObject { ["name"] = service, ["port"] = new JsonObject { ["number"] = port } },
                        },
                    }),
                },
            }),
        };
        ingress["status"] = new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["ingress"] = new JsonArray(new JsonObject { ["hostname"] = "a1b2c3d4e5f6-1234567890.eu-west-1.elb.amazonaws.com" }),
            },
        };
        return b.Add(ingress);
    }

    private static void FillSubsets(JsonObject endpoints, JsonObject service, IEnumerable<JsonObject> candidates)
    {
        var selector = service["spec"]?["selector"] as JsonObject;
        var ready = new JsonArray();
        var notReady = new JsonArray();
        JsonObject? firstPod = null;
        foreach (var pod in candidates)
        {
            if (!Selects(selector, pod) || !Pods.IsActive(pod) || K8sJson.Text(pod, "status", "podIP") is not { } ip)
            {
                continue;
            }

            firstPod ??= pod;
            var address = new JsonObject
            {
                ["ip"] = ip,
                ["nodeName"] = K8sJson.Text(pod, "spec", "nodeName"),
                ["targetRef"] = new JsonObject
                {
                    ["kind"] = "Pod",
                    ["namespace"] = K8sJson.Namespace(pod),
                    ["name"] = K8sJson.Name(pod),
                    ["uid"] = K8sJson.Uid(pod),
                },
            };
            (Pods.IsReady(pod) ? ready : notReady).Add(address);
        }

        if (firstPod is null)
        {
            return; // No pod matches: the endpoints controller leaves the Endpoints without subsets.
        }

        var subset = new JsonObject();
        if (ready.Count > 0)
        {
            subset["addresses"] = ready;
        }

        if (notReady.Count > 0)
        {
            subset["notReadyAddresses"] = notReady;
        }

        subset["ports"] = new JsonArray(((JsonArray)service["spec"]!["ports"]!).OfType<JsonObject>()
            .Select(p => (JsonNode)new JsonObject
            {
                ["name"] = K8sJson.Text(p, "name"),
                ["port"] = TargetPortNumber(p, firstPod),
                ["protocol"] = K8sJson.Text(p, "protocol") ?? "TCP",
            }).ToArray());
        endpoints["subsets"] = new JsonArray(subset);
    }

    private static int TargetPortNumber(JsonObject servicePort, JsonObject pod)
    {
        var target = servicePort["targetPort"];
        if (target is JsonValue v && v.TryGetValue<int>(out var number))
        {
            return number;
        }

        var portName = K8sJson.Text(target);
        var containerPort = Pods.Containers(pod, "containers")
            .SelectMany(c => c["ports"] as JsonArray ?? [])
            .FirstOrDefault(p => K8sJson.Text(p, "name") == portName);
        return containerPort?["containerPort"]?.GetValue<int>() ?? servicePort["port"]!.GetValue<int>();
    }
}
