using System.IO.Compression;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace K8sAiops.Durable.Storage.AzureStorage;

/// <summary>
/// Payloads too large for a queue message or a table column, kept in the large-messages container under
/// the instance's folder (so purging an instance deletes them), gzip-compressed.
/// </summary>
internal sealed class BlobPayloads(BlobContainerClient container, Action count)
{
    /// <summary>Largest UTF-8 message body sent inline (Azure Queues allow 64 KB after base64).</summary>
    public const int MaxInlineMessageBytes = 45 * 1024;

    /// <summary>Largest string kept in a table column, in UTF-16 code units (a column holds 64 KB).</summary>
    public const int MaxInlineColumnChars = 30 * 1024;

    public static string FolderOf(string instanceId) => Uri.EscapeDataString(instanceId) + "/";

    public async Task UploadAsync(string blobName, string content, CancellationToken cancellationToken)
    {
        count();
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            await gzip.WriteAsync(bytes, cancellationToken);
        }

        buffer.Position = 0;
        await container.GetBlobClient(blobName).UploadAsync(buffer, overwrite: true, cancellationToken);
    }

    public async Task<string> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        count();
        var response = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        await using var gzip = new GZipStream(response.Value.Content.ToStream(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public async Task DeleteFolderAsync(string instanceId, CancellationToken cancellationToken)
    {
        count();
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, FolderOf(instanceId), cancellationToken))
        {
            names.Add(blob.Name);
        }

        foreach (var name in names)
        {
            count();
            try
            {
                await container.DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone.
            }
        }
    }
}
