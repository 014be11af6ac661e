using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Functions.Hosting;

/// <summary>Where the host listens (section <c>Http</c>).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>
    /// The port on 127.0.0.1 when <see cref="Urls"/> is empty; 0 picks a free one.
    /// <value>Default: 7071 (Core Tools' port), or <c>K8SAIOPS_PORT</c> when set.</value>
    /// </summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 7071;

    /// <summary>
    /// Addresses to listen on instead, separated by <c>;</c> (e.g. <c>http://0.0.0.0:7071</c> in a container).
    /// <value>Default: empty, meaning 127.0.0.1 on <see cref="Port"/>.</value>
    /// </summary>
    [RegularExpression(@"^\s*https?://[^;\s]+(\s*;\s*https?://[^;\s]+)*\s*$", ErrorMessage = "Use http(s) URLs separated by ';', e.g. http://127.0.0.1:7071.")]
    public string? Urls { get; set; }
}
