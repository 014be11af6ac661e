namespace K8sAiops.Testing;

/// <summary>Locates the repository from wherever the tests run.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K8sAiops.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"K8sAiops.Functions.sln not found above {AppContext.BaseDirectory}.");
    }
}
