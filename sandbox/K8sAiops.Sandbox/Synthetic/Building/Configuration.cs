using System.Text;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>ConfigMaps, Secrets and ServiceAccounts an application refers to.</summary>
internal static class Configuration
{
    public static JsonObject ConfigMap(ClusterBuilder b, string ns, string name, DateTimeOffset created, JsonObject data, JsonObject? labels = null)
    {
        var cm = K8sJson.Object(ResourceKinds.ConfigMap, b.Metadata(ResourceKinds.ConfigMap, ns, name, created, labels));
        cm["data"] = data;
        return b.Add(cm);
    }

    /// <summary>An Opaque Secret whose values are base64, as the API returns them.</summary>
    public static JsonObject Secret(ClusterBuilder b, string ns, string name, DateTimeOffset created, IEnumerable<(string Key, string Value)> values,
        string type = "Opaque", JsonObject? labels = null)
    {
        var secret = K8sJson.Object(ResourceKinds.Secret, b.Metadata(ResourceKinds.Secret, ns, name, created, labels));
        var data = new JsonObject();
        foreach (var (key, value) in values)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        secret["data"] = data;
        secret["type"] = type;
        return b.Add(secret);
    }

    public static JsonObject ServiceAccount(ClusterBuilder b, string ns, string name, DateTimeOffset created, JsonObject? labels = null) =>
        b.Add(K8sJson.Object(ResourceKinds.ServiceAccount, b.Metadata(ResourceKinds.ServiceAccount, ns, name, created, labels)));

    /// <summary>The CA bundle ConfigMap the root-ca-cert-publisher puts in every namespace.</summary>
    public static JsonObject RootCa(ClusterBuilder b, string ns, DateTimeOffset created)
    {
        var pem = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(Encoding.ASCII.GetBytes(ClusterBuilder.Digest("cluster-ca") + ClusterBuilder.Digest("cluster-ca-2"))) +
            "\n-----END CERTIFICATE-----\n";
        return ConfigMap(b, ns, "kube-root-ca.crt", created, new JsonObject { ["ca.crt"] = pem });
    }

    /// <summary>A random password-like value, deterministic for the builder's seed.</summary>
    public static string SecretValue(ClusterBuilder b, int length = 24)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[b.Random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
