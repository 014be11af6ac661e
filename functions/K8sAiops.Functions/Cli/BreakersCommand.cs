using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using K8sAiops.Activities.Remediate;
using K8sAiops.Functions.Management;
using Microsoft.AspNetCore.Mvc;

namespace K8sAiops.Functions.Cli;

/// <summary>
/// <c>k8saiops breakers list</c> and <c>k8saiops breakers reset Kind/namespace/name --by NAME</c>: the remediation
/// breakers of a running host, over its management API (<c>--url</c>, default <c>K8SAIOPS_URL</c> or
/// <c>http://127.0.0.1:7071</c>; <c>--key</c>, default <c>K8SAIOPS_FUNCTION_KEY</c> or the key file the host generated
/// under the current directory). Exits 0 on success, 1 when the host cannot be reached or refuses, 2 on bad input.
/// </summary>
public static class BreakersCommand
{
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = "The host's base URL (default: K8SAIOPS_URL, else http://127.0.0.1:7071)" };
        var key = new Option<string?>("--key") { Description = "A function key (default: K8SAIOPS_FUNCTION_KEY, else the host's generated key file)" };

        var list = new Command("list", "List the targets whose fixes were verified, with their failures in a row and whether the breaker is open.") { url, key };
        list.SetAction((parse, ct) => RunAsync(parse, url, key, (http, output, error) => ListAsync(http, output, error, ct), ct));

        var target = new Argument<string>("target") { Description = "Kind/namespace/name, e.g. Deployment/shop/cart (Kind/name for a Node)" };
        var by = new Option<string>("--by") { Description = "Who resets it (recorded in the audit trail)", Required = true };
        var reset = new Command("reset", "Close a target's breaker so that fixes are proposed for it again.") { target, by, url, key };
        reset.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(target)!;
            if (RemediationBreaker.Parse(text) is not { } resource)
                return Task.FromResult(Fail(parse.InvocationConfiguration.Error, $"'{text}' is not a target; write Kind/namespace/name, e.g. Deployment/shop/cart (Kind/name for a Node)."));
            var who = parse.GetValue(by)!.Trim();
            if (who.Length == 0)
                return Task.FromResult(Fail(parse.InvocationConfiguration.Error, "--by is empty; say who resets the breaker."));
            return RunAsync(parse, url, key, (http, output, error) => ResetAsync(http, output, error, resource, who, ct), ct);
        });

        return new Command("breakers", "Show or reset the remediation breakers of a running host.") { list, reset };
    }

    private static async Task<int> RunAsync(
        ParseResult parse, Option<string?> urlOption, Option<string?> keyOption, Func<HttpClient, TextWriter, TextWriter, Task<int>> run, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var url = parse.GetValue(urlOption) ?? Environment.GetEnvironmentVariable("K8SAIOPS_URL") ?? "http://127.0.0.1:7071";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            return Fail(error, $"--url '{url}' is not an absolute http(s) URL.");
        var key = parse.GetValue(keyOption) ?? Environment.GetEnvironmentVariable("K8SAIOPS_FUNCTION_KEY") ?? await GeneratedKeyAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(key))
            return Fail(error, $"no function key: pass --key, set K8SAIOPS_FUNCTION_KEY, or run this where the host generated {new ManagementOptions().KeyFile}.");

        using var http = new HttpClient { BaseAddress = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(FunctionKeyFilter.HeaderName, key.Trim());
        try
        {
            return await run(http, parse.InvocationConfiguration.Output, error);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"k8saiops breakers: cannot reach the host at {http.BaseAddress}: {e.Message}");
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"k8saiops breakers: the host at {http.BaseAddress} did not answer within 30 s.");
            return 1;
        }
    }

    private static async Task<int> ListAsync(HttpClient http, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/remediation/breakers", cancellationToken);
        if (!response.IsSuccessStatusCode)
            return await RefusedAsync(response, error, cancellationToken);
        var breakers = await response.Content.ReadFromJsonAsync<List<BreakerState>>(Web, cancellationToken) ?? [];
        if (breakers.Count == 0)
        {
            await output.WriteLineAsync("No breakers: no remediation has been verified yet.");
            return 0;
        }

        await output.WriteLineAsync($"{"TARGET",-50} {"STATE",-6} {"FAILURES",8}  DETAIL");
        foreach (var b in breakers.OrderByDescending(b => b.Open).ThenBy(b => RemediationBreaker.Format(b.Target), StringComparer.Ordinal))
            await output.WriteLineAsync($"{RemediationBreaker.Format(b.Target),-50} {(b.Open ? "open" : "closed"),-6} {b.ConsecutiveFailures,8}  {Detail(b)}");
        return 0;
    }

    private static async Task<int> ResetAsync(
        HttpClient http, TextWriter output, TextWriter error, K8sAiops.Activities.Collect.Evidence.ResourceRef target, string by, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/remediation/breakers/reset", new { target, by }, Web, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return await RefusedAsync(response, error, cancellationToken);
        var state = (await response.Content.ReadFromJsonAsync<BreakerState>(Web, cancellationToken))!;
        await output.WriteLineAsync($"{RemediationBreaker.Format(state.Target)}: breaker {(state.Open ? "open" : "closed")}, reset by {state.ResetBy}; fixes are proposed for it again.");
        return 0;
    }

    private static string Detail(BreakerState b) => b.Open
        ? $"opened {b.OpenedAt?.ToString("u", CultureInfo.InvariantCulture)} by {b.LastInstance}"
        : b.ResetBy is { } by ? $"reset by {by}" : b.LastInstance is { } last ? $"last {last}" : "";

    private static async Task<int> RefusedAsync(HttpResponseMessage response, TextWriter error, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? detail = null;
        try
        {
            var problem = JsonSerializer.Deserialize<ProblemDetails>(body, Web);
            detail = problem?.Detail ?? problem?.Title;
        }
        catch (JsonException)
        {
            // Not a ProblemDetails body: show it as it is.
        }

        await error.WriteLineAsync(
            $"k8saiops breakers: the host answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail ?? (body.Length > 0 ? body : "(no body)")}");
        return 1;
    }

    private static async Task<string?> GeneratedKeyAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(new ManagementOptions().KeyFile);
        return File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"k8saiops breakers: {message}");
        return BadInput;
    }
}
