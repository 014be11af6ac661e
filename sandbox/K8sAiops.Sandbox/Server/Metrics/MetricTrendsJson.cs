using System.Text.Json;
using System.Text.Json.Serialization;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// <see cref="MetricTrends.FileName"/>: <c>{"volumes":[…],"containers":[…],"nodes":[…]}</c>, each entry an object with
/// the camel-case names of the record's properties (null ones left out), amounts as plain numbers of bytes or cores.
/// </summary>
internal static class MetricTrendsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Write(MetricTrends trends) =>
        JsonSerializer.Serialize(new Document(trends.Volumes, trends.Containers, trends.Nodes), Options) + "\n";

    /// <exception cref="SnapshotFormatException">The file is not what <see cref="Write"/> writes, or an entry is unusable.</exception>
    public static MetricTrends Read(string file)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllText(file), Options);
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException(file, e.Message, jsonPath: e.Path, innerException: e);
        }

        var trends = new MetricTrends();
        trends.Volumes.AddRange(document?.Volumes ?? []);
        trends.Containers.AddRange(document?.Containers ?? []);
        trends.Nodes.AddRange(document?.Nodes ?? []);
        return MetricTrendsCheck.FirstProblem(trends) is { } problem ? throw new SnapshotFormatException(file, problem) : trends;
    }

    /// <summary>The file's shape; a list left out is empty.</summary>
    private sealed record Document(List<VolumeTrend>? Volumes = null, List<ContainerTrend>? Containers = null, List<NodeTrend>? Nodes = null);
}
