using System.Text;
using System.Text.Json;

namespace K8sAiops.Sandbox.Server.Kubeconfig;

/// <summary>
/// Writes a kubeconfig for a plain-HTTP server: one cluster, one user with a dummy bearer token, one context that is
/// the current context. Strings are written as YAML double-quoted scalars (JSON string syntax, which YAML accepts).
/// </summary>
internal static class KubeconfigWriter
{
    /// <summary>The bearer token of the sandbox user; the sandbox accepts any credentials.</summary>
    public const string Token = "sandbox-token";

    public static string Render(Uri server, string contextName, string? @namespace)
    {
        var cluster = Q(contextName);
        var text = new StringBuilder()
            .Append("apiVersion: v1\n")
            .Append("kind: Config\n")
            .Append("clusters:\n")
            .Append("- name: ").Append(cluster).Append('\n')
            .Append("  cluster:\n")
            .Append("    server: ").Append(Q(server.GetLeftPart(UriPartial.Authority))).Append('\n')
            .Append("users:\n")
            .Append("- name: ").Append(cluster).Append('\n')
            .Append("  user:\n")
            .Append("    token: ").Append(Q(Token)).Append('\n')
            .Append("contexts:\n")
            .Append("- name: ").Append(cluster).Append('\n')
            .Append("  context:\n")
            .Append("    cluster: ").Append(cluster).Append('\n')
            .Append("    user: ").Append(cluster).Append('\n');
        if (!string.IsNullOrEmpty(@namespace))
        {
            text.Append("    namespace: ").Append(Q(@namespace)).Append('\n');
        }

        text.Append("current-context: ").Append(cluster).Append('\n')
            .Append("preferences: {}\n");
        return text.ToString();
    }

    private static string Q(string value) => JsonSerializer.Serialize(value);
}
