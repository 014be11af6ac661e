using K8sAiops.Activities.Configuration;
using System.Net;
using K8sAiops.Functions.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Hosting;

public static class HttpEndpointExtensions
{
    /// <summary>Listens on 127.0.0.1:<c>Http:Port</c>, or on <c>Http:Urls</c> when set.</summary>
    public static WebApplicationBuilder AddHttpEndpoint(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<HttpOptions>(HttpOptions.Section);
        if (builder.Configuration[$"{HttpOptions.Section}:{nameof(HttpOptions.Urls)}"] is { Length: > 0 } urls)
        {
            builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else
        {
            builder.Services.AddOptions<KestrelServerOptions>()
                .Configure<IOptions<HttpOptions>>((kestrel, http) => kestrel.Listen(IPAddress.Loopback, http.Value.Port));
        }

        builder.Services.AddProblemDetails();
        return builder;
    }
}
