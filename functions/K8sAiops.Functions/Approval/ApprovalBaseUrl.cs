using K8sAiops.Activities.Approve;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Approval;

/// <summary>
/// Where approval links point: <c>Approval:PublicBaseUrl</c>, else the host's first listening address (a wildcard
/// address becomes <c>localhost</c>; set the public URL when people reach the host through another name).
/// </summary>
public sealed class ApprovalBaseUrl(IOptions<ApprovalOptions> options, IServer server)
{
    public Uri Get()
    {
        if (options.Value.PublicBaseUrl is { } configured)
            return configured;
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host is not listening yet; set Approval:PublicBaseUrl.");
        var url = new UriBuilder(address);
        if (url.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*")
            url.Host = "localhost";
        return url.Uri;
    }
}
