using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Tests.Server;

/// <summary>Raw HTTP against the sandbox, returning status and parsed JSON (the way tests check wire formats).</summary>
internal sealed class ApiClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress };

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await SendAsync(request);
    }

    /// <summary>The response body exactly as the server wrote it.</summary>
    public async Task<(HttpStatusCode Status, string Text)> GetTextAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string Text)> SendTextAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Content(body, contentType) };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> PatchAsync(string path, string contentType, string body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = Content(body, contentType) });

    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(body, "application/json") });

    public Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(string path, string body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = Content(body, "application/json") });

    public Task<(HttpStatusCode Status, JsonNode? Body)> DeleteAsync(string path, string? body = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = body is null ? null : Content(body, "application/json") });

    public void Dispose() => http.Dispose();

    private async Task<(HttpStatusCode, JsonNode?)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
        }
    }

    private static StringContent Content(string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }
}
