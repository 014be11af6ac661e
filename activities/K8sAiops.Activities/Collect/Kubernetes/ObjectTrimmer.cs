using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// Turns an object read from the API into what a bundle may carry: no <c>managedFields</c>, no last-applied
/// annotation, no node image list, no secret value (a Secret keeps its key names and, for TLS, the expiry),
/// environment values whose names say they are secret masked, and every other string redacted.
/// </summary>
internal static partial class ObjectTrimmer
{
    public const string Masked = "[REDACTED]";

    /// <summary>Longest ConfigMap value kept; longer ones are cut (a config file rarely needs more to diagnose).</summary>
    private const int MaxConfigValueLength = 2048;

    [GeneratedRegex("(?i)(password|passwd|secret|token|api_?key|access_?key|private_?key|credential)")]
    private static partial Regex SecretName();

    public static JsonObject Trim(object apiObject, Func<string, string> redact)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(apiObject))!.AsObject();
        var kind = (string?)json["kind"];

        if (json["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
            if (metadata["annotations"] is JsonObject annotations)
                annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");
        }

        switch (kind)
        {
            case "Secret":
                MaskSecret(json);
                break;
            case "Node":
                (json["status"] as JsonObject)?.Remove("images");
                break;
            case "ConfigMap":
                ClipConfigMap(json);
                break;
        }

        MaskSecretEnvironment(json);
        RedactStrings(json, redact);
        return json;
    }

    private static void MaskSecret(JsonObject secret)
    {
        DateTimeOffset? notAfter = null;
        if (secret["data"] is JsonObject data)
        {
            if ((string?)secret["type"] == "kubernetes.io/tls" && (string?)data["tls.crt"] is { } crt)
                notAfter = TryReadCertificateExpiry(crt);
            foreach (var key in data.Select(p => p.Key).ToList())
                data[key] = Masked;
        }
        if (secret["stringData"] is JsonObject stringData)
        {
            foreach (var key in stringData.Select(p => p.Key).ToList())
                stringData[key] = Masked;
        }
        if (notAfter is { } expiry)
            secret["tlsNotAfter"] = expiry.ToString("O");
    }

    private static DateTimeOffset? TryReadCertificateExpiry(string base64Pem)
    {
        try
        {
            var pem = Encoding.ASCII.GetString(Convert.FromBase64String(base64Pem));
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static void ClipConfigMap(JsonObject configMap)
    {
        if (configMap["data"] is not JsonObject data)
            return;
        foreach (var (key, value) in data.ToList())
        {
            if ((string?)value is { Length: > MaxConfigValueLength } text)
                data[key] = string.Concat(text.AsSpan(0, MaxConfigValueLength), $" … ({text.Length} characters)");
        }
        if (configMap["binaryData"] is JsonObject binary)
        {
            foreach (var key in binary.Select(p => p.Key).ToList())
                binary[key] = "[binary]";
        }
    }

    /// <summary>Masks <c>env[].value</c> of every container whose variable name says it holds a secret.</summary>
    private static void MaskSecretEnvironment(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["env"] is JsonArray env)
                {
                    foreach (var variable in env.OfType<JsonObject>())
                    {
                        if ((string?)variable["name"] is { } name && SecretName().IsMatch(name) && variable["value"] is not null)
                            variable["value"] = Masked;
                    }
                }
                foreach (var (_, child) in obj)
                    MaskSecretEnvironment(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    MaskSecretEnvironment(child);
                break;
        }
    }

    private static void RedactStrings(JsonNode? node, Func<string, string> redact)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var redacted = redact(text);
                        if (!ReferenceEquals(redacted, text) && redacted != text)
                            obj[key] = redacted;
                    }
                    else
                    {
                        RedactStrings(child, redact);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var redacted = redact(text);
                        if (redacted != text)
                            array[i] = redacted;
                    }
                    else
                    {
                        RedactStrings(array[i], redact);
                    }
                }
                break;
        }
    }
}
