using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>What every namespace has: the Namespace object, its default ServiceAccount and the root CA ConfigMap.</summary>
internal static class NamespaceBasics
{
    public static void Add(ClusterBuilder b, string name, DateTimeOffset created)
    {
        var ns = K8sJson.Object(ResourceKinds.Namespace, b.Metadata(ResourceKinds.Namespace, null, name, created,
            K8sJson.Labels(("kubernetes.io/metadata.name", name))));
        ns["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        ns["status"] = new JsonObject { ["phase"] = "Active" };
        b.Add(ns);
        Configuration.ServiceAccount(b, name, "default", created);
        Configuration.RootCa(b, name, created);
    }
}
