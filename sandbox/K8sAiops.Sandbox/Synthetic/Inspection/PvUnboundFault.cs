using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// pv-unbound: a 100Gi volume with <c>persistentVolumeReclaimPolicy: Retain</c> whose claim (a reporting database's)
/// was deleted six days ago. The PV controller marked it Released; nothing will bind it again, and it is still billed.
/// </summary>
internal static class PvUnboundFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var claim = c.B.FreeName(ResourceKinds.PersistentVolumeClaim, c.Namespace, "data-reporting-db-0");
        string claimUid, name;
        var generation = 0;
        do
        {
            // The deleted claim's uid names its volume; a claim of the same name deleted earlier had another.
            claimUid = c.B.Uid(ResourceKinds.PersistentVolumeClaim.Kind, c.Namespace, $"{claim}|deleted|{++generation}");
            name = "pvc-" + claimUid;
        }
        while (c.B.Exists(ResourceKinds.PersistentVolume, null, name));
        var created = c.Now.AddDays(-41);
        var volume = K8sJson.Object(ResourceKinds.PersistentVolume, c.B.Metadata(ResourceKinds.PersistentVolume, null, name, created,
            annotations: K8sJson.Labels(("pv.kubernetes.io/provisioned-by", Storage.Provisioner))));
        K8sJson.Metadata(volume)["finalizers"] = new JsonArray("kubernetes.io/pv-protection", "external-attacher/ebs-csi-aws-com");
        volume["spec"] = new JsonObject
        {
            ["capacity"] = new JsonObject { ["storage"] = "100Gi" },
            ["csi"] = new JsonObject { ["driver"] = Storage.Provisioner, ["fsType"] = "ext4", ["volumeHandle"] = "vol-0" + ClusterBuilder.Digest(name)[..16] },
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["claimRef"] = new JsonObject
            {
                ["kind"] = "PersistentVolumeClaim",
                ["namespace"] = c.Namespace,
                ["name"] = claim,
                ["uid"] = claimUid,
                ["apiVersion"] = "v1",
            },
            ["persistentVolumeReclaimPolicy"] = "Retain",
            ["storageClassName"] = Storage.DefaultClass,
            ["volumeMode"] = "Filesystem",
        };
        volume["status"] = new JsonObject { ["phase"] = "Released", ["lastPhaseTransitionTime"] = K8sJson.Time(c.Now.AddDays(-6)) };
        c.B.Add(volume);
        c.Note($"PersistentVolume {name}: Released since {K8sJson.Time(c.Now.AddDays(-6))}, reclaimPolicy Retain, last bound to {c.Namespace}/{claim}");
        return InspectionKit.Done(c, "pv-unbound", volume);
    }
}
