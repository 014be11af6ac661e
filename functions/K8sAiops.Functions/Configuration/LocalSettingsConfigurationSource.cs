using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace K8sAiops.Functions.Configuration;

/// <summary>
/// Reads <c>local.settings.json</c> the way Azure Functions Core Tools does: only its <c>Values</c>
/// object counts, each key a setting, <c>__</c> in a key meaning a nested section
/// (<c>Durable__TaskHubName</c> is <c>Durable:TaskHubName</c>). Keys starting with <c>_</c> are
/// descriptions for people and are skipped, as is everything outside <c>Values</c>.
/// </summary>
public sealed class LocalSettingsConfigurationSource : FileConfigurationSource
{
    public const string FileName = "local.settings.json";

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LocalSettingsConfigurationProvider(this);
    }
}

public sealed class LocalSettingsConfigurationProvider(LocalSettingsConfigurationSource source) : FileConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{LocalSettingsConfigurationSource.FileName} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            Data = Read(document.RootElement);
        }
    }

    private static Dictionary<string, string?> Read(JsonElement root)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Values", out var values))
        {
            return data;
        }

        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"\"Values\" in {LocalSettingsConfigurationSource.FileName} must be an object of settings.");
        }

        foreach (var setting in values.EnumerateObject())
        {
            if (setting.Name.StartsWith('_'))
            {
                continue;
            }

            var key = setting.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            data[key] = setting.Value.ValueKind switch
            {
                JsonValueKind.String => setting.Value.GetString(),
                JsonValueKind.Null => null,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => setting.Value.GetRawText(),
                _ => throw new FormatException(
                    $"Setting \"{setting.Name}\" in {LocalSettingsConfigurationSource.FileName} must be a string, number or boolean, not {setting.Value.ValueKind}."),
            };
        }

        return data;
    }
}
