using k8s.Models;

namespace K8sAiops.Activities.Inspect.Checks;

/// <summary>
/// Which ServiceAccounts a binding grants something, as <c>namespace/name</c>: ServiceAccount subjects, and the groups
/// Kubernetes puts every ServiceAccount in (<c>system:serviceaccounts:NS</c> as <c>NS/*</c>, <c>system:serviceaccounts</c>
/// as <c>*/*</c>). Bindings to <c>system:authenticated</c> (discovery, basic-user) are everyone's defaults and count for no one.
/// </summary>
internal static class Grants
{
    public const string Everyone = "*/*";
    private const string AccountsGroup = "system:serviceaccounts";

    /// <param name="subjects">The binding's subjects.</param>
    /// <param name="bindingNamespace">A RoleBinding's namespace (a ServiceAccount subject without one is there); null for a ClusterRoleBinding.</param>
    public static IEnumerable<string> Of(IEnumerable<Rbacv1Subject>? subjects, string? bindingNamespace)
    {
        foreach (var subject in subjects ?? [])
        {
            if (subject.Kind == "ServiceAccount" && subject.Name is { Length: > 0 })
                yield return $"{(string.IsNullOrEmpty(subject.NamespaceProperty) ? bindingNamespace : subject.NamespaceProperty)}/{subject.Name}";
            else if (subject.Kind == "Group" && subject.Name == AccountsGroup)
                yield return Everyone;
            else if (subject.Kind == "Group" && subject.Name?.StartsWith(AccountsGroup + ":", StringComparison.Ordinal) == true)
                yield return $"{subject.Name[(AccountsGroup.Length + 1)..]}/*";
        }
    }

    /// <summary>Whether <paramref name="grants"/> name the ServiceAccount <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public static bool Cover(IReadOnlySet<string> grants, string ns, string name) =>
        grants.Contains($"{ns}/{name}") || grants.Contains($"{ns}/*") || grants.Contains(Everyone);
}
