using k8s;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Activities.Tests.Inspect.Checks;
using K8sAiops.Activities.Tests.Remediate.Support;
using K8sAiops.Sandbox.Server;
using YamlDotNet.RepresentationModel;

namespace K8sAiops.Activities.Tests.Remediate;

/// <summary>
/// <c>infra/k8s</c>'s roles against the API calls collection, every remediation action and the daily inspection really
/// make (read from the sandbox's request journal): every call allowed, and no write granted that no action used.
/// </summary>
public sealed class RbacManifestTests
{
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    [Fact]
    public async Task Roles_EveryCallOfCollectionRemediationAndInspection_AllowedAndNoUnusedWrite()
    {
        var calls = await EveryActionAsync();
        var rules = Rules();

        var denied = calls.Where(c => !rules.Any(r => r.Allows(c))).Select(c => c.ToString()).Distinct().ToList();
        Assert.True(denied.Count == 0, "Not allowed by infra/k8s: " + string.Join(", ", denied));

        var unused = rules.SelectMany(r => r.Grants()).Where(g => WriteVerbs.Contains(g.Verb))
            .Where(g => !calls.Any(c => c.Verb == g.Verb && c.Group == g.Group && c.Resource == g.Resource)).ToList();
        Assert.True(unused.Count == 0, "Write verbs granted but never used: " + string.Join(", ", unused));
        Assert.Contains(calls, c => c is { Verb: "patch", Resource: "deployments", DryRun: true });
    }

    [Fact]
    public void Manifests_ServiceAccountBoundToBothRolesClusterWide()
    {
        var documents = Documents().ToList();
        var bindings = documents.Where(d => Text(d, "kind") == "ClusterRoleBinding").ToList();

        Assert.Contains(documents, d => Text(d, "kind") == "ServiceAccount" && Text(d["metadata"], "name") == "k8saiops" && Text(d["metadata"], "namespace") == "k8saiops");
        foreach (var role in new[] { "k8saiops-read", "k8saiops-read-tls-secrets", "k8saiops-remediate" })
        {
            var binding = Assert.Single(bindings, b => Text(b["roleRef"], "name") == role);
            var subject = Assert.IsType<YamlMappingNode>(Assert.Single(((YamlSequenceNode)binding["subjects"]).Children));
            Assert.Equal(("ServiceAccount", "k8saiops", "k8saiops"), (Text(subject, "kind"), Text(subject, "name"), Text(subject, "namespace")));
        }
        // Secrets: get for collection; list only in the role of its own, for the inspection's tls-expiring check.
        var secrets = Rules().Where(r => r.Resources.Contains("secrets")).Select(r => string.Join(",", r.Verbs)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["get", "list"], secrets);
        var tls = Assert.Single(documents, d => Text(d, "kind") == "ClusterRole" && Text(d["metadata"], "name") == "k8saiops-read-tls-secrets");
        Assert.Equal(["secrets"], Rule.From((YamlMappingNode)((YamlSequenceNode)tls["rules"]).Children.Single()).Resources);
    }

    /// <summary>Collection on a faulty workload, then each action planned (dry run), applied twice and verified.</summary>
    private static async Task<List<ApiCall>> EveryActionAsync()
    {
        var requests = new List<SandboxRequest>();
        async Task RunAsync(string? fault, Func<RemediationCluster, InjectedFaultTarget, Task> scenario)
        {
            var (cluster, injected) = await RemediationCluster.StartWithFaultAsync(fault);
            await using (cluster)
            {
                await scenario(cluster, new InjectedFaultTarget(injected is null ? null : RemediationCluster.Ref(injected.Culprit)));
                requests.AddRange(cluster.Server.Requests.Snapshot());
            }
        }

        async Task RemediateTwiceAsync(RemediationCluster cluster, ProposedAction action)
        {
            var plan = await cluster.PlanAsync("i-1", action);
            Assert.True(plan.Allowed, plan.Refusal);
            var context = cluster.NewContext("i-1");
            var applied = await cluster.ApplyAsync("i-1", plan, context);
            await cluster.ApplyAsync("i-1", plan, context);
            await cluster.VerifyAsync("i-1", plan, applied);
            await cluster.ReleaseAsync("i-1", action.Target);
        }

        await RunAsync("oom-killed", async (cluster, fault) =>
        {
            await SandboxCluster.Collector().CollectAsync(cluster.Client, "sandbox", fault.Target!);
            await RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.PatchMemoryLimit, fault.Target!, new() { [ActionParameters.Memory] = "1280Mi" }));
            await RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.PatchCpuLimit, fault.Target!, new() { [ActionParameters.Cpu] = "2" }));
            await RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.RestartWorkload, fault.Target!));
        });
        await RunAsync("image-pull", (cluster, fault) => RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.Rollback, fault.Target!)));
        await RunAsync("scaled-to-zero", (cluster, fault) => RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.Scale, fault.Target!, new() { [ActionParameters.Replicas] = "2" })));
        await RunAsync("node-not-ready", (cluster, fault) => RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.CordonNode, fault.Target!)));
        await RunAsync(null, async (cluster, _) =>
        {
            var set = (await cluster.Client.AppsV1.ListStatefulSetForAllNamespacesAsync()).Items.First(s => s.Metadata.NamespaceProperty is not ("kube-system" or "monitoring"));
            var target = new ResourceRef("StatefulSet", set.Metadata.NamespaceProperty, set.Metadata.Name);
            await RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }));
            await RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.RestartWorkload, target));
            var pod = (await cluster.Client.CoreV1.ListNamespacedPodAsync(set.Metadata.NamespaceProperty, labelSelector: null)).Items
                .First(p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "ReplicaSet") == true);
            await RemediateTwiceAsync(cluster, RemediationCluster.Action(ActionKinds.DeletePod, new ResourceRef("Pod", pod.Metadata.NamespaceProperty, pod.Metadata.Name)));
        });
        // The daily inspection's reads: the scope, every namespace (with the taxonomy rules on a crash loop) and node group.
        await RunAsync("crash-loop", async (cluster, _) => await ClusterInspection.RunAsync(cluster.Client, DateTimeOffset.UtcNow));
        return [.. requests.Select(ApiCall.From).OfType<ApiCall>()];
    }

    private sealed record InjectedFaultTarget(ResourceRef? Target);

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K8sAiops.Functions.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (K8sAiops.Functions.sln) is not above the test binaries.");
    }

    private static IEnumerable<YamlMappingNode> Documents()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Root(), "infra", "k8s"), "*.yaml"))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is YamlMappingNode mapping)
                    yield return mapping;
            }
        }
    }

    private static List<Rule> Rules() =>
        [.. Documents().Where(d => Text(d, "kind") == "ClusterRole").SelectMany(d => ((YamlSequenceNode)d["rules"]).Children.OfType<YamlMappingNode>()).Select(Rule.From)];

    private static string? Text(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private sealed record Grant(string Group, string Resource, string Verb);

    private sealed record Rule(List<string> Groups, List<string> Resources, List<string> Verbs)
    {
        public static Rule From(YamlMappingNode rule)
        {
            List<string> List(string key) => [.. ((YamlSequenceNode)rule[key]).Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")];
            return new Rule(List("apiGroups"), List("resources"), List("verbs"));
        }

        public bool Allows(ApiCall call) => Groups.Contains(call.Group) && Resources.Contains(call.Resource) && Verbs.Contains(call.Verb);

        public IEnumerable<Grant> Grants() =>
            from g in Groups from r in Resources from v in Verbs select new Grant(g, r, v);
    }

    /// <summary>An API call as RBAC sees it: verb, group, resource (with subresource, <c>pods/log</c>), and whether it was a dry run.</summary>
    private sealed record ApiCall(string Verb, string Group, string Resource, string? Namespace, bool DryRun)
    {
        public static ApiCall? From(SandboxRequest request)
        {
            var parts = request.Path.Trim('/').Split('/');
            string group;
            int rest;
            if (parts is ["api", "v1", ..])
            {
                (group, rest) = ("", 2);
            }
            else if (parts.Length >= 3 && parts[0] == "apis")
            {
                (group, rest) = (parts[1], 3);
            }
            else
            {
                return null; // discovery (/version, /api, /apis/...) needs no role: system:discovery grants it
            }
            var tail = parts[rest..];
            string? ns = null;
            if (tail is ["namespaces", var n, _, ..])
            {
                ns = n;
                tail = tail[2..];
            }
            if (tail.Length == 0)
                return null;
            var resource = tail.Length >= 3 ? $"{tail[0]}/{tail[2]}" : tail[0];
            var named = tail.Length >= 2;
            var query = Uri.UnescapeDataString(request.Query);
            var verb = request.Method switch
            {
                "GET" when query.Contains("watch=true", StringComparison.Ordinal) => "watch",
                "GET" => named ? "get" : "list",
                "PATCH" => "patch",
                "PUT" => "update",
                "POST" => "create",
                "DELETE" => named ? "delete" : "deletecollection",
                _ => request.Method.ToLowerInvariant(),
            };
            return new ApiCall(verb, group, resource, ns, query.Contains("dryRun=All", StringComparison.Ordinal));
        }

        public override string ToString() => $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(Namespace is null ? "" : " in " + Namespace)}";
    }
}
