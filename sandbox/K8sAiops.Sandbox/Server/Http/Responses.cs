using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Errors;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>Writes response bodies: JSON built with a <see cref="Utf8JsonWriter"/>, stored objects, <c>v1 Status</c>, plain text.</summary>
internal static class Responses
{
    /// <summary>
    /// Like Go's encoder, quotes are escaped as <c>\"</c> and non-ASCII text is written as is (Go also escapes
    /// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>; JSON readers see no difference).
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task JsonAsync(HttpContext http, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }

        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    public static Task ElementAsync(HttpContext http, int statusCode, JsonElement element) =>
        JsonAsync(http, statusCode, json => element.WriteTo(json));

    public static Task FailureAsync(HttpContext http, ApiStatus status) =>
        JsonAsync(http, status.Code, json => StatusWriter.WriteFailure(json, status));

    public static async Task TextAsync(HttpContext http, int statusCode, string text, string contentType = "text/plain")
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
