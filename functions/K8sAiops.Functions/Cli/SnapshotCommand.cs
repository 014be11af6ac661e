using System.CommandLine;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Functions.Cli;

/// <summary>
/// <c>k8saiops snapshot --out DIR [--nodes N] [--namespaces N] [--deployments N] [--replicas N] [--fault CATEGORY]... [--seed N]</c>:
/// writes a synthetic cluster in the directory form of <c>kubectl cluster-info dump</c>, healthy unless faults
/// of taxonomy categories are injected, for <c>k8saiops sandbox</c> and for trying the product without a cluster.
/// Prints each fault's culprit and the labels its alert would carry. Bad options exit 2.
/// </summary>
public static class SnapshotCommand
{
    public const int BadInput = 2;

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Directory to write the snapshot to (created; must be empty or absent)", Required = true };
        var nodes = new Option<int>("--nodes") { Description = "Nodes", DefaultValueFactory = _ => 3 };
        var namespaces = new Option<int>("--namespaces") { Description = "Application namespaces", DefaultValueFactory = _ => 2 };
        var deployments = new Option<int>("--deployments") { Description = "Deployments per namespace", DefaultValueFactory = _ => 3 };
        var replicas = new Option<int>("--replicas") { Description = "Replicas per Deployment", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same options and seed give the same snapshot", DefaultValueFactory = _ => 1 };
        var faults = new Option<string[]>("--fault")
        {
            Description = $"Inject a fault of this taxonomy category (repeatable): {string.Join(", ", Faults.Categories)}",
        };

        var command = new Command("snapshot", "Write a synthetic cluster snapshot (kubectl cluster-info dump directory form), optionally with faults.")
        {
            output, nodes, namespaces, deployments, replicas, seed, faults,
        };
        command.SetAction(parseResult =>
        {
            var options = new SyntheticClusterOptions
            {
                Now = DateTimeOffset.UtcNow,
                Seed = parseResult.GetValue(seed),
                Nodes = parseResult.GetValue(nodes),
                Namespaces = parseResult.GetValue(namespaces),
                DeploymentsPerNamespace = parseResult.GetValue(deployments),
                ReplicasPerDeployment = parseResult.GetValue(replicas),
            };
            return Run(parseResult.GetValue(output)!, options, parseResult.GetValue(faults) ?? [],
                parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(string directory, SyntheticClusterOptions options, string[] categories, TextWriter output, TextWriter error)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            error.WriteLine($"k8saiops snapshot: {directory} is not empty; give a new or empty directory.");
            return BadInput;
        }

        if (categories.FirstOrDefault(c => !Faults.Categories.Contains(c)) is { } unknown)
        {
            error.WriteLine($"k8saiops snapshot: unknown fault category '{unknown}'; choose from {string.Join(", ", Faults.Categories)}.");
            return BadInput;
        }

        ClusterSnapshot snapshot;
        var injected = new List<InjectedFault>();
        try
        {
            snapshot = SyntheticCluster.Generate(options);
            foreach (var category in categories)
                injected.Add(Faults.Inject(snapshot, category, new FaultOptions { Now = options.Now }));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            error.WriteLine($"k8saiops snapshot: {e.Message}");
            return BadInput;
        }

        SnapshotWriter.WriteDirectory(snapshot, directory);
        var pods = snapshot.Objects.Count(o => (string?)o["kind"] == "Pod");
        output.WriteLine($"Wrote {snapshot.Objects.Count} objects ({pods} pods) and {snapshot.Logs.Count} container logs to {directory}.");
        foreach (var fault in injected)
        {
            output.WriteLine($"Fault {fault.Category}: culprit {fault.Culprit}; alert on {fault.AlertTarget} with labels "
                + string.Join(",", fault.AlertLabels.Select(l => $"{l.Key}={l.Value}")));
        }
        output.WriteLine($"Serve it: ./k8saiops sandbox --snapshot {directory}");
        return 0;
    }
}
