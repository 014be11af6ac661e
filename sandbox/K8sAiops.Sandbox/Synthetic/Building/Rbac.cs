using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>RoleBindings and ClusterRoleBindings that grant ServiceAccounts a role (the roles themselves are not in snapshots).</summary>
internal static class Rbac
{
    private const string Group = "rbac.authorization.k8s.io";

    /// <summary>A ClusterRoleBinding of <paramref name="clusterRole"/> to the ServiceAccounts <c>(namespace, name)</c>.</summary>
    public static JsonObject ClusterRoleBinding(ClusterBuilder b, string name, string clusterRole, DateTimeOffset created, JsonObject? labels,
        params (string Namespace, string Name)[] accounts)
    {
        var binding = K8sJson.Object(ResourceKinds.ClusterRoleBinding, b.Metadata(ResourceKinds.ClusterRoleBinding, null, name, created, labels));
        binding["roleRef"] = new JsonObject { ["apiGroup"] = Group, ["kind"] = "ClusterRole", ["name"] = clusterRole };
        binding["subjects"] = Subjects(accounts);
        return b.Add(binding);
    }

    /// <summary>A RoleBinding in <paramref name="ns"/> of a Role (or, with <paramref name="roleKind"/> ClusterRole, a ClusterRole) to ServiceAccounts.</summary>
    public static JsonObject RoleBinding(ClusterBuilder b, string ns, string name, string roleKind, string role, DateTimeOffset created,
        params (string Namespace, string Name)[] accounts)
    {
        var binding = K8sJson.Object(ResourceKinds.RoleBinding, b.Metadata(ResourceKinds.RoleBinding, ns, name, created));
        binding["roleRef"] = new JsonObject { ["apiGroup"] = Group, ["kind"] = roleKind, ["name"] = role };
        binding["subjects"] = Subjects(accounts);
        return b.Add(binding);
    }

    private static JsonArray Subjects((string Namespace, string Name)[] accounts) =>
        new(accounts.Select(a => (JsonNode)new JsonObject { ["kind"] = "ServiceAccount", ["name"] = a.Name, ["namespace"] = a.Namespace }).ToArray());
}
