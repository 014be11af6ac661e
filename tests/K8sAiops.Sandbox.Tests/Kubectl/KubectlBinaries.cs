using K8sAiops.Testing;

namespace K8sAiops.Sandbox.Tests.Kubectl;

/// <summary>
/// The kubectl binaries the tests run against the sandbox: <c>kubectl</c> on PATH, and Debian's
/// <c>kubernetes-client</c> package (kubectl 1.20) that the test script extracts under <c>.artifacts/tools</c>.
/// </summary>
public static class KubectlBinaries
{
    /// <summary>Stands in for the binary when none is found, so that the theory runs once and fails saying so.</summary>
    public const string NoneFound = "(no kubectl found)";

    public static IReadOnlyList<string> Found { get; } = Find();

    /// <summary>Theory data: every binary found, or <see cref="NoneFound"/>.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var binary in Found.Count > 0 ? Found : [NoneFound])
            {
                data.Add(binary);
            }

            return data;
        }
    }

    /// <summary>Where Debian's kubectl 1.20 is extracted.</summary>
    public static string Debian => Path.Combine(RepoPaths.Root, ".artifacts", "tools", "kubernetes-client", "usr", "bin", "kubectl");

    private static List<string> Find()
    {
        var found = new List<string>();
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                found.Add(candidate);
                break;
            }
        }

        if (File.Exists(Debian))
        {
            found.Add(Debian);
        }

        return found.DistinctBy(Resolve).ToList();
    }

    private static string Resolve(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
}
