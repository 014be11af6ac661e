namespace K8sAiops.Activities.Analyze;

/// <summary>An image that goes with an alert (a dashboard panel, a page that failed), sent to the vision model.</summary>
/// <param name="Name">What it shows, e.g. <c>grafana-cart-latency.png</c>.</param>
/// <param name="MediaType">The image's media type, e.g. <c>image/png</c>.</param>
/// <param name="Data">The image's bytes.</param>
public sealed record Screenshot(string Name, string MediaType, byte[] Data);
