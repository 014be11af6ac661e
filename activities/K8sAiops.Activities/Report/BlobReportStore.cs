using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace K8sAiops.Activities.Report;

/// <summary>Reports as blobs <c>{instanceId}/{name}</c> in a container of the app's storage account (Azurite locally).</summary>
public sealed class BlobReportStore(BlobContainerClient container) : IReportStore
{
    private int _created;

    public async Task<string> SaveAsync(string instanceId, string name, string contentType, string content, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _created, 1) == 0)
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient($"{instanceId}/{name}");
        await blob.UploadAsync(BinaryData.FromString(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
        return blob.Uri.ToString();
    }

    public async Task<string?> ReadAsync(string instanceId, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await container.GetBlobClient($"{instanceId}/{name}").DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
