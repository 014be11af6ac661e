using k8s.Models;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Inspect.Reading;

namespace K8sAiops.Activities.Tests.Inspect.Checks;

/// <summary>sa-token-automount against the ways real clusters grant ServiceAccounts something.</summary>
public class TokenAutomountTests
{
    private const string Ns = "shop";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Run_TokenOfAnAccountNothingBinds_Fires()
    {
        var finding = Assert.Single(Findings(Objects()));

        Assert.Equal(new FindingResource("Deployment", Ns, "worker"), finding.Resource);
    }

    [Theory]
    [InlineData("ServiceAccount", "worker", null)]
    [InlineData("ServiceAccount", "worker", Ns)]
    [InlineData("Group", "system:serviceaccounts:shop", null)]
    [InlineData("Group", "system:serviceaccounts", null)]
    public void Run_RoleBindingInTheNamespaceGrantsTheAccount_Quiet(string kind, string name, string? subjectNamespace)
    {
        var binding = new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "reader", NamespaceProperty = Ns },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "reader" },
            Subjects = [new Rbacv1Subject { Kind = kind, Name = name, NamespaceProperty = subjectNamespace }],
        };

        Assert.Empty(Findings(Objects(binding)));
    }

    [Theory]
    [InlineData("shop/worker")]
    [InlineData("shop/*")]
    [InlineData(Grants.Everyone)]
    public void Run_ScopeSaysTheAccountIsGranted_Quiet(string grant)
    {
        Assert.Empty(Findings(Objects(), grant));
    }

    [Fact]
    public void Run_OnlyTheDefaultsForAuthenticatedUsers_Fires()
    {
        var binding = new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "view-for-all", NamespaceProperty = Ns },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
            Subjects = [new Rbacv1Subject { Kind = "Group", Name = "system:authenticated" }],
        };

        Assert.Single(Findings(Objects(binding)));
    }

    [Theory]
    [InlineData("RoleBindings")]
    [InlineData("ServiceAccounts")]
    public void Run_BindingsOrAccountsNotAllRead_Quiet(string listing)
    {
        var objects = Objects();
        objects.Incomplete.Add(listing);

        Assert.Empty(Findings(objects));
    }

    [Fact]
    public void CrossNamespaceGrants_RoleBindingsForOtherNamespacesAccounts_OnlyThose()
    {
        var binding = new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "prometheus-k8s", NamespaceProperty = Ns },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "prometheus-k8s" },
            Subjects =
            [
                new Rbacv1Subject { Kind = "ServiceAccount", Name = "prometheus", NamespaceProperty = "monitoring" },
                new Rbacv1Subject { Kind = "ServiceAccount", Name = "local" },
                new Rbacv1Subject { Kind = "Group", Name = "system:serviceaccounts:ci" },
            ],
        };

        Assert.Equal(["ci/*", "monitoring/prometheus"], ListInspectionScope.CrossNamespaceGrants([binding]).Order(StringComparer.Ordinal));
    }

    private static List<InspectionFinding> Findings(NamespaceObjects objects, params string[] bound) =>
        new NamespaceChecks(objects, Now, bound.ToHashSet(StringComparer.Ordinal)).Run().Where(f => f.Check == CheckCatalog.TokenAutomount.Id).ToList();

    /// <summary>A Deployment whose pods mount the token of ServiceAccount worker (otherwise configured as the checks like).</summary>
    private static NamespaceObjects Objects(params V1RoleBinding[] bindings)
    {
        var container = new V1Container
        {
            Name = "worker",
            Image = "registry.example.com/shop/worker:2.1.0",
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
            },
            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http", Path = "/ready" } },
            LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http", Path = "/healthz" } },
        };
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "worker", NamespaceProperty = Ns },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "worker" } },
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [container], ServiceAccountName = "worker" } },
            },
            Status = new V1DeploymentStatus { ReadyReplicas = 2, Replicas = 2 },
        };
        return new NamespaceObjects
        {
            Namespace = Ns,
            Deployments = [deployment],
            ServiceAccounts = [new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "worker", NamespaceProperty = Ns } }],
            RoleBindings = [.. bindings],
        };
    }
}
