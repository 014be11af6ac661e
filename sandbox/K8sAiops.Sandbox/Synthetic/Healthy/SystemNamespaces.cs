using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// The cluster's own namespaces and workloads: CoreDNS, kube-proxy, kube-state-metrics, the kubernetes Service. The three
/// that watch the API mount their ServiceAccount token and have the ClusterRoleBinding that grants it what they read.
/// </summary>
internal static class SystemNamespaces
{
    public const string Monitoring = "monitoring";
    public const string KubeStateMetrics = "kube-prometheus-stack-kube-state-metrics";

    public static IEnumerable<string> Names(bool withMonitoring) =>
        withMonitoring ? ["default", "kube-node-lease", "kube-public", "kube-system", Monitoring] : ["default", "kube-node-lease", "kube-public", "kube-system"];

    public static void AddWorkloads(ClusterBuilder b, DateTimeOffset created)
    {
        AddKubernetesService(b, created);
        AddCoreDns(b, created);
        AddKubeProxy(b, created);
        KubeStateMetricsShards.Add(b, created.AddDays(1));
    }

    private static void AddKubernetesService(ClusterBuilder b, DateTimeOffset created)
    {
        var service = K8sJson.Object(ResourceKinds.Service, b.Metadata(ResourceKinds.Service, "default", "kubernetes", created,
            K8sJson.Labels(("component", "apiserver"), ("provider", "kubernetes"))));
        service["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["protocol"] = "TCP", ["port"] = 443, ["targetPort"] = 443 }),
            ["clusterIP"] = b.ClusterIp("10.96.0.1"),
            ["clusterIPs"] = new JsonArray("10.96.0.1"),
            ["type"] = "ClusterIP",
            ["sessionAffinity"] = "None",
            ["ipFamilies"] = new JsonArray("IPv4"),
            ["ipFamilyPolicy"] = "SingleStack",
            ["internalTrafficPolicy"] = "Cluster",
        };
        service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        b.Add(service);
        var endpoints = K8sJson.Object(ResourceKinds.Endpoints, b.Metadata(ResourceKinds.Endpoints, "default", "kubernetes", created,
            K8sJson.Labels(("endpointslice.kubernetes.io/skip-mirror", "true"))));
        endpoints["subsets"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = "10.0.0.100" }, new JsonObject { ["ip"] = "10.0.0.101" }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP" }),
        });
        b.Add(endpoints);
    }

    private static void AddCoreDns(ClusterBuilder b, DateTimeOffset created)
    {
        const string ns = "kube-system";
        var container = PodTemplates.Container("coredns", "registry.k8s.io/coredns/coredns:v1.11.1");
        container["args"] = new JsonArray("-conf", "/etc/coredns/Corefile");
        container["ports"] = new JsonArray(
            new JsonObject { ["name"] = "dns", ["containerPort"] = 53, ["protocol"] = "UDP" },
            new JsonObject { ["name"] = "dns-tcp", ["containerPort"] = 53, ["protocol"] = "TCP" },
            new JsonObject { ["name"] = "metrics", ["containerPort"] = 9153, ["protocol"] = "TCP" });
        container["resources"] = PodTemplates.Resources("100m", "70Mi", null, "170Mi");
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config-volume", ["readOnly"] = true, ["mountPath"] = "/etc/coredns" });
        container["livenessProbe"] = PodTemplates.HttpProbe("/health", 60, 10, "8080");
        container["readinessProbe"] = PodTemplates.HttpProbe("/ready", 0, 10, "8181");
        var spec = PodTemplates.PodSpec("coredns", container);
        spec["volumes"] = new JsonArray(new JsonObject
        {
            ["name"] = "config-volume",
            ["configMap"] = new JsonObject
            {
                ["name"] = "coredns",
                ["items"] = new JsonArray(new JsonObject { ["key"] = "Corefile", ["path"] = "Corefile" }),
                ["defaultMode"] = 420,
            },
        });
        spec["dnsPolicy"] = "Default";
        spec["priorityClassName"] = "system-cluster-critical";
        var plan = new AppPlan
        {
            Namespace = ns,
            Name = "coredns",
            Version = "1.11.1",
            Template = PodTemplates.Template(K8sJson.Labels(("k8s-app", "kube-dns")), spec),
            Selector = K8sJson.Labels(("k8s-app", "kube-dns")),
            Replicas = 2,
            Port = 53,
            Revision = 1,
            Created = created,
            RolledOut = created,
            Service = false,
        };
        Configuration.ServiceAccount(b, ns, "coredns", created);
        Rbac.ClusterRoleBinding(b, "system:coredns", "system:coredns", created, K8sJson.Labels(("kubernetes.io/bootstrapping", "rbac-defaults")), (ns, "coredns"));
        Configuration.ConfigMap(b, ns, "coredns", created, new JsonObject
        {
            ["Corefile"] = ".:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n",
        });
        var parts = Apps.Deploy(b, plan);
        foreach (var pod in parts.Pods)
        {
            b.Log(pod, "coredns", [
                ".:53",
                $"[INFO] plugin/reload: Running configuration SHA512 = {ClusterBuilder.Digest("corefile")}{ClusterBuilder.Digest("corefile-2")}",
                "CoreDNS-1.11.1",
                "linux/amd64, go1.20.7, ae2bbc2",
            ]);
        }

        var service = K8sJson.Object(ResourceKinds.Service, b.Metadata(ResourceKinds.Service, ns, "kube-dns", created,
            K8sJson.Labels(("k8s-app", "kube-dns"), ("kubernetes.io/cluster-service", "true"), ("kubernetes.io/name", "CoreDNS")),
            K8sJson.Labels(("prometheus.io/port", "9153"), ("prometheus.io/scrape", "true"))));
        service["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "dns", ["protocol"] = "UDP", ["port"] = 53, ["targetPort"] = 53 },
                new JsonObject { ["name"] = "dns-tcp", ["protocol"] = "TCP", ["port"] = 53, ["targetPort"] = 53 },
                new JsonObject { ["name"] = "metrics", ["protocol"] = "TCP", ["port"] = 9153, ["targetPort"] = 9153 }),
            ["selector"] = K8sJson.Labels(("k8s-app", "kube-dns")),
            ["clusterIP"] = b.ClusterIp("10.96.0.10"),
            ["clusterIPs"] = new JsonArray("10.96.0.10"),
            ["type"] = "ClusterIP",
            ["sessionAffinity"] = "None",
            ["ipFamilies"] = new JsonArray("IPv4"),
            ["ipFamilyPolicy"] = "SingleStack",
            ["internalTrafficPolicy"] = "Cluster",
        };
        service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        b.Add(service);
        Networking.Endpoints(b, service, parts.Pods, created.AddSeconds(15));
    }

    private static void AddKubeProxy(ClusterBuilder b, DateTimeOffset created)
    {
        const string ns = "kube-system";
        var container = PodTemplates.Container("kube-proxy", $"registry.k8s.io/kube-proxy:{Nodes.KubeletVersion}");
        container["command"] = new JsonArray("/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)");
        container["env"] = new JsonArray(new JsonObject
        {
            ["name"] = "NODE_NAME",
            ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "spec.nodeName" } },
        });
        container["resources"] = PodTemplates.Resources("100m", "64Mi", null, "256Mi");
        container["securityContext"] = new JsonObject { ["privileged"] = true };
        container["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "kube-proxy", ["mountPath"] = "/var/lib/kube-proxy" },
            new JsonObject { ["name"] = "xtables-lock", ["mountPath"] = "/run/xtables.lock" },
            new JsonObject { ["name"] = "lib-modules", ["readOnly"] = true, ["mountPath"] = "/lib/modules" });
        // kube-proxy serves /healthz and /livez on its healthz port (10256) on the node's address.
        container["readinessProbe"] = PodTemplates.HttpProbe("/healthz", 0, 10, "10256");
        container["livenessProbe"] = PodTemplates.HttpProbe("/livez", 15, 20, "10256");
        var spec = PodTemplates.PodSpec("kube-proxy", container);
        spec["volumes"] = new JsonArray(
            new JsonObject { ["name"] = "kube-proxy", ["configMap"] = new JsonObject { ["name"] = "kube-proxy", ["defaultMode"] = 420 } },
            new JsonObject { ["name"] = "xtables-lock", ["hostPath"] = new JsonObject { ["path"] = "/run/xtables.lock", ["type"] = "FileOrCreate" } },
            new JsonObject { ["name"] = "lib-modules", ["hostPath"] = new JsonObject { ["path"] = "/lib/modules", ["type"] = "" } });
        spec["hostNetwork"] = true;
        spec["priorityClassName"] = "system-node-critical";
        spec["tolerations"] = DaemonSets.TolerateEverything();
        Configuration.ServiceAccount(b, ns, "kube-proxy", created);
        Rbac.ClusterRoleBinding(b, "kubeadm:node-proxier", "system:node-proxier", created, null, (ns, "kube-proxy"));
        Configuration.ConfigMap(b, ns, "kube-proxy", created, new JsonObject
        {
            ["config.conf"] = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nbindAddress: 0.0.0.0\nclusterCIDR: 10.244.0.0/16\n" +
                "healthzBindAddress: 0.0.0.0:10256\nmetricsBindAddress: 0.0.0.0:10249\nmode: iptables\n",
            ["kubeconfig.conf"] = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n" +
                "    server: https://10.0.0.100:6443\n  name: default\ncontexts:\n- context:\n    cluster: default\n    namespace: default\n    user: default\n" +
                "  name: default\ncurrent-context: default\nusers:\n- name: default\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n",
        }, K8sJson.Labels(("app", "kube-proxy")));
        DaemonSets.Deploy(b, ns, "kube-proxy", PodTemplates.Template(K8sJson.Labels(("k8s-app", "kube-proxy")), spec), created,
            (node, started) => KubeProxyLog(node, started));
    }

    private static IEnumerable<string> KubeProxyLog(JsonObject node, DateTimeOffset started)
    {
        string Klog(DateTimeOffset t, string file, string message) =>
            "I" + t.UtcDateTime.ToString("MMdd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + $"       1 {file}] {message}";
        yield return Klog(started, "server_linux.go:69", "\"Using iptables proxy\"");
        yield return Klog(started.AddMilliseconds(12), "server.go:1050", $"\"Successfully retrieved node IP(s)\" IPs=[\"{Nodes.InternalIp(node)}\"]");
        yield return Klog(started.AddMilliseconds(40), "config.go:188", "\"Starting service config controller\"");
        yield return Klog(started.AddMilliseconds(41), "config.go:97", "\"Starting endpoint slice config controller\"");
        yield return Klog(started.AddMilliseconds(140), "shared_informer.go:318", "Caches are synced for service config");
    }
}
