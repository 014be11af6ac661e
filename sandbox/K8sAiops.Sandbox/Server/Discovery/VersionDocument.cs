using System.Text.Json;

namespace K8sAiops.Sandbox.Server.Discovery;

/// <summary><c>/version</c>: the sandbox presents itself as Kubernetes 1.32, the newest kubectl it is tested with.</summary>
internal static class VersionDocument
{
    public const string GitVersion = "v1.32.0";

    public static void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("major", "1");
        json.WriteString("minor", "32");
        json.WriteString("gitVersion", GitVersion);
        json.WriteString("gitCommit", "0000000000000000000000000000000000000000");
        json.WriteString("gitTreeState", "clean");
        json.WriteString("buildDate", "2024-12-11T00:00:00Z");
        json.WriteString("goVersion", "go1.23.3");
        json.WriteString("compiler", "gc");
        json.WriteString("platform", "linux/amd64");
        json.WriteEndObject();
    }
}
