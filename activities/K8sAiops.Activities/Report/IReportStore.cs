namespace K8sAiops.Activities.Report;

/// <summary>Where diagnosis reports are kept: one folder per orchestration instance, a few named documents in it.</summary>
public interface IReportStore
{
    /// <summary>Writes (or replaces) <paramref name="name"/> of <paramref name="instanceId"/>'s report; returns where it lives.</summary>
    Task<string> SaveAsync(string instanceId, string name, string contentType, string content, CancellationToken cancellationToken = default);

    /// <summary>The document, or null when it does not exist.</summary>
    Task<string?> ReadAsync(string instanceId, string name, CancellationToken cancellationToken = default);
}
