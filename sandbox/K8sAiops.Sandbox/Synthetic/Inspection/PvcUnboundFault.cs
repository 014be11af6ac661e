using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// pvc-unbound: an uploads archive claim whose PersistentVolume was deleted by hand three days ago. The PV controller
/// marked the claim Lost (its ClaimLost warning has long expired); no pod mounts it any more, so nothing else notices.
/// </summary>
internal static class PvcUnboundFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var name = c.B.FreeName(ResourceKinds.PersistentVolumeClaim, c.Namespace, "uploads-archive");
        var claim = Storage.PendingClaim(c.B, c.Namespace, name, "200Gi", Storage.DefaultClass, c.Now.AddDays(-63), K8sJson.Labels(("app", "uploads")));
        var annotations = K8sJson.Child(K8sJson.Metadata(claim), "annotations");
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        annotations["volume.beta.kubernetes.io/storage-provisioner"] = Storage.Provisioner;
        annotations["volume.kubernetes.io/storage-provisioner"] = Storage.Provisioner;
        claim["spec"]!["volumeName"] = "pvc-" + K8sJson.Uid(claim);
        claim["status"] = new JsonObject { ["phase"] = "Lost" };
        c.Note($"PersistentVolumeClaim {c.Namespace}/{name}: phase Lost, its volume pvc-{K8sJson.Uid(claim)} no longer exists");
        return InspectionKit.Done(c, "pvc-unbound", claim);
    }
}
