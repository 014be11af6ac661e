using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>
/// What the cluster's controllers do in answer to a write, run in the same transaction so that a client sees the
/// outcome immediately: workloads get their pods, deleted pods of a ReplicaSet or StatefulSet are replaced, and
/// dependents of a deleted owner are deleted (or orphaned).
/// </summary>
internal static class Reconciler
{
    public static void AfterCreate(StoreTransaction tx, StoredObject created)
    {
        switch (created.Kind.Kind)
        {
            case "Deployment":
                DeploymentController.Reconcile(tx, created, templateChanged: true);
                break;
            case "ReplicaSet" or "ReplicationController":
                ReplicaSetController.Reconcile(tx, created);
                break;
            case "StatefulSet":
                StatefulSetController.Reconcile(tx, created);
                break;
        }
    }

    public static void AfterUpdate(StoreTransaction tx, StoredObject before, StoredObject after)
    {
        var replicasChanged = before.Json.IntegerAt("spec", "replicas") != after.Json.IntegerAt("spec", "replicas");
        var templateChanged = !JsonNode.DeepEquals(
            before.Json.At("spec", "template") is { } a ? JsonNode.Parse(a.GetRawText()) : null,
            after.Json.At("spec", "template") is { } b ? JsonNode.Parse(b.GetRawText()) : null);
        switch (after.Kind.Kind)
        {
            case "Deployment":
                if (replicasChanged || templateChanged)
                {
                    DeploymentController.Reconcile(tx, after, templateChanged);
                }

                break;
            case "ReplicaSet" or "ReplicationController" when replicasChanged:
                ReplicaSetController.Reconcile(tx, after);
                break;
            case "StatefulSet" when replicasChanged || templateChanged:
                StatefulSetController.Reconcile(tx, after, templateChanged);
                break;
        }
    }

    /// <summary>After <paramref name="deleted"/> left the store: its dependents, and a replacement when it was a controlled pod.</summary>
    public static void AfterDelete(StoreTransaction tx, StoredObject deleted, bool orphanDependents)
    {
        if (deleted.Kind == ResourceKinds.Namespace)
        {
            foreach (var kind in ResourceKinds.All.Where(k => k.Namespaced))
            {
                foreach (var obj in tx.List(kind, deleted.Name).ToList())
                {
                    tx.Delete(kind, obj.Key);
                }
            }

            return;
        }

        CollectDependents(tx, deleted, orphanDependents);
        if (deleted.Kind == ResourceKinds.Pod && Owners.ControllerOf(deleted.Json) is { } owner)
        {
            switch (owner.Kind)
            {
                case "ReplicaSet" when tx.Get(ResourceKinds.ReplicaSet, deleted.Namespace, owner.Name) is { } set && Owners.IsControlledBy(deleted.Json, set):
                    ReplicaSetController.ReplacePod(tx, set);
                    break;
                case "ReplicationController" when tx.Get(ResourceKinds.ReplicationController, deleted.Namespace, owner.Name) is { } rc:
                    ReplicaSetController.ReplacePod(tx, rc);
                    break;
                case "StatefulSet" when tx.Get(ResourceKinds.StatefulSet, deleted.Namespace, owner.Name) is { } sts:
                    StatefulSetController.ReplacePod(tx, sts, deleted.Name);
                    break;
            }
        }
    }

    private static void CollectDependents(StoreTransaction tx, StoredObject owner, bool orphan)
    {
        if (owner.Uid is not { Length: > 0 } uid)
        {
            return;
        }

        foreach (var kind in ResourceKinds.All.Where(k => k.Namespaced))
        {
            foreach (var dependent in tx.List(kind, owner.Kind.Namespaced ? owner.Namespace : null).Where(o => Owners.References(o.Json, uid)).ToList())
            {
                if (orphan)
                {
                    var obj = dependent.ToNode();
                    var references = obj["metadata"]!["ownerReferences"]!.AsArray();
                    foreach (var reference in references.Where(r => r.StringAt("uid") == uid).ToList())
                    {
                        references.Remove(reference);
                    }

                    tx.Put(kind, obj);
                }
                else if (tx.Delete(kind, dependent.Key) is { } removed)
                {
                    CollectDependents(tx, removed, orphan: false);
                }
            }
        }
    }
}
