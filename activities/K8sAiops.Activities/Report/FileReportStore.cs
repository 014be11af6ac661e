namespace K8sAiops.Activities.Report;

/// <summary>Reports as files <c>{root}/{instanceId}/{name}</c>: for the in-memory backend and one-shot CLI runs.</summary>
public sealed class FileReportStore(string root) : IReportStore
{
    public async Task<string> SaveAsync(string instanceId, string name, string contentType, string content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(instanceId, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content, cancellationToken);
        return path;
    }

    public async Task<string?> ReadAsync(string instanceId, string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(instanceId, name);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
    }

    private string PathOf(string instanceId, string name)
    {
        if (instanceId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"'{instanceId}/{name}' is not a valid report name.");
        return Path.Combine(Path.GetFullPath(root), instanceId, name);
    }
}
