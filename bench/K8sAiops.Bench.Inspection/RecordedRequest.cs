using System.Globalization;
using K8sAiops.Sandbox.Server;

namespace K8sAiops.Bench.Inspection;

/// <summary>One request of the inspection's run as the sandbox journaled it, written to a file for the raw listing to replay.</summary>
internal sealed record RecordedRequest(string Method, int StatusCode, string Uri)
{
    public static RecordedRequest From(SandboxRequest request) =>
        new(request.Method, request.StatusCode, (request.Query.Length == 0 ? request.Path : $"{request.Path}?{request.Query}").TrimStart('/'));

    public static RecordedRequest Parse(string line)
    {
        var parts = line.Split(' ', 3);
        return new(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
    }

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Method} {StatusCode} {Uri}");
}
