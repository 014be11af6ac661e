using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sAiops.Durable;

/// <summary>System.Text.Json settings for every input, output, event payload and custom status.</summary>
public static class DataConverter
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static object? Deserialize(string? json, Type type)
    {
        if (json is null)
        {
            return null;
        }

        return JsonSerializer.Deserialize(json, type, Options);
    }

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
