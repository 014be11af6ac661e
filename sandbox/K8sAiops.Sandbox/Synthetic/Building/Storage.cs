using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>The cluster's StorageClass and PersistentVolumeClaims, bound to PersistentVolumes an EBS CSI driver provisioned.</summary>
internal static class Storage
{
    public const string DefaultClass = "gp3";
    public const string Provisioner = "ebs.csi.aws.com";

    public static JsonObject StorageClass(ClusterBuilder b, string name, DateTimeOffset created)
    {
        var sc = K8sJson.Object(ResourceKinds.StorageClass, b.Metadata(ResourceKinds.StorageClass, null, name, created,
            annotations: K8sJson.Labels(("storageclass.kubernetes.io/is-default-class", "true"))));
        sc["provisioner"] = Provisioner;
        sc["parameters"] = new JsonObject { ["type"] = "gp3", ["fsType"] = "ext4" };
        sc["reclaimPolicy"] = "Delete";
        sc["allowVolumeExpansion"] = true;
        sc["volumeBindingMode"] = "WaitForFirstConsumer";
        return b.Add(sc);
    }

    public const string LonghornClass = "longhorn";
    public const string LonghornProvisioner = "driver.longhorn.io";

    /// <summary>The Longhorn StorageClass (replicated block volumes, attachable from any node), added once.</summary>
    public static JsonObject Longhorn(ClusterBuilder b, DateTimeOffset created)
    {
        if (b.Find(ResourceKinds.StorageClass, null, LonghornClass) is { } existing)
        {
            return existing;
        }

        var sc = K8sJson.Object(ResourceKinds.StorageClass, b.Metadata(ResourceKinds.StorageClass, null, LonghornClass, created));
        sc["provisioner"] = LonghornProvisioner;
        sc["parameters"] = new JsonObject { ["numberOfReplicas"] = "3", ["staleReplicaTimeout"] = "2880", ["fsType"] = "ext4" };
        sc["reclaimPolicy"] = "Delete";
        sc["allowVolumeExpansion"] = true;
        sc["volumeBindingMode"] = "Immediate";
        return b.Add(sc);
    }

    /// <summary>A claim the provisioner satisfied for a pod on <paramref name="node"/>: the PVC Bound to a PV pinned to the node's zone.</summary>
    /// <remarks>A volume of a non-zonal class (<paramref name="zonal"/> false, e.g. Longhorn) has no node affinity.</remarks>
    public static (JsonObject Claim, JsonObject Volume) BoundClaim(ClusterBuilder b, string ns, string name, string size, JsonObject node, DateTimeOffset created,
        JsonObject? labels = null, string accessMode = "ReadWriteOnce", string storageClass = DefaultClass, string provisioner = Provisioner, bool zonal = true)
    {
        var zone = Zone(node);
        var claim = Claim(b, ns, name, size, storageClass, created, labels, accessMode, provisioner);
        var volumeName = "pvc-" + K8sJson.Uid(claim);
        var annotations = K8sJson.Metadata(claim)["annotations"]!.AsObject();
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        annotations["volume.kubernetes.io/selected-node"] = K8sJson.Name(node);
        claim["spec"]!["volumeName"] = volumeName;
        claim["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = new JsonArray(accessMode),
            ["capacity"] = new JsonObject { ["storage"] = size },
        };

        var volume = K8sJson.Object(ResourceKinds.PersistentVolume, b.Metadata(ResourceKinds.PersistentVolume, null, volumeName, created.AddSeconds(4),
            annotations: K8sJson.Labels(("pv.kubernetes.io/provisioned-by", provisioner), ("volume.kubernetes.io/provisioner-deletion-secret-name", ""),
                ("volume.kubernetes.io/provisioner-deletion-secret-namespace", ""))));
        volume["spec"] = new JsonObject
        {
            ["capacity"] = new JsonObject { ["storage"] = size },
            ["csi"] = new JsonObject
            {
                ["driver"] = provisioner,
                ["fsType"] = "ext4",
                ["volumeHandle"] = zonal ? "vol-0" + ClusterBuilder.Digest(volumeName)[..16] : volumeName,
            },
            ["accessModes"] = new JsonArray(accessMode),
            ["claimRef"] = new JsonObject
            {
                ["kind"] = "PersistentVolumeClaim",
                ["namespace"] = ns,
                ["name"] = name,
                ["uid"] = K8sJson.Uid(claim),
                ["apiVersion"] = "v1",
                ["resourceVersion"] = K8sJson.Text(claim, "metadata", "resourceVersion"),
            },
            ["persistentVolumeReclaimPolicy"] = "Delete",
            ["storageClassName"] = storageClass,
            ["volumeMode"] = "Filesystem",
        };
        if (zonal)
        {
            volume["spec"]!["nodeAffinity"] = new JsonObject
            {
                ["required"] = new JsonObject
                {
                    ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                    {
                        ["matchExpressions"] = new JsonArray(new JsonObject
                        {
                            ["key"] = "topology.kubernetes.io/zone",
                            ["operator"] = "In",
                            ["values"] = new JsonArray(zone),
                        }),
                    }),
                },
            };
        }

        volume["status"] = new JsonObject { ["phase"] = "Bound", ["lastPhaseTransitionTime"] = K8sJson.Time(created.AddSeconds(4)) };
        b.Add(volume);
        return (claim, volume);
    }

    /// <summary>A claim nothing has bound yet: phase Pending.</summary>
    public static JsonObject PendingClaim(ClusterBuilder b, string ns, string name, string size, string storageClass, DateTimeOffset created, JsonObject? labels = null)
    {
        var claim = Claim(b, ns, name, size, storageClass, created, labels, "ReadWriteOnce", provisioner: null);
        claim["status"] = new JsonObject { ["phase"] = "Pending" };
        return claim;
    }

    public static JsonObject ClaimTemplate(string name, string size) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = null },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
            ["volumeMode"] = "Filesystem",
        },
        ["status"] = new JsonObject { ["phase"] = "Pending" },
    };

    public static string Zone(JsonObject node) => K8sJson.Text(node, "metadata", "labels", "topology.kubernetes.io/zone") ?? "eu-west-1a";

    private static JsonObject Claim(ClusterBuilder b, string ns, string name, string size, string storageClass, DateTimeOffset created, JsonObject? labels,
        string accessMode, string? provisioner = Provisioner)
    {
        // The PV controller names the provisioner once it has found the claim's class; a claim of a missing class has none.
        var annotations = provisioner is null
            ? new JsonObject()
            : K8sJson.Labels(("volume.beta.kubernetes.io/storage-provisioner", provisioner), ("volume.kubernetes.io/storage-provisioner", provisioner));
        var claim = K8sJson.Object(ResourceKinds.PersistentVolumeClaim, b.Metadata(ResourceKinds.PersistentVolumeClaim, ns, name, created, labels, annotations));
        K8sJson.Metadata(claim)["finalizers"] = new JsonArray("kubernetes.io/pvc-protection");
        claim["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray(accessMode),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
            ["storageClassName"] = storageClass,
            ["volumeMode"] = "Filesystem",
        };
        return b.Add(claim);
    }
}
