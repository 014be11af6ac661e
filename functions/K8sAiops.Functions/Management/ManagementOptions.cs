using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Functions.Management;

/// <summary>Function keys for the management API and HTTP starters (section <c>Management</c>).</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// Keys accepted in the <c>code</c> query parameter or the <c>x-functions-key</c> header, separated by commas.
    /// <value>Default: empty.</value>
    /// </summary>
    public string? FunctionKeys { get; set; }

    /// <summary>One more accepted key, like Azure Functions' master key. <value>Default: empty.</value></summary>
    public string? MasterKey { get; set; }

    /// <summary>
    /// When no key is configured, a key is generated at first start and kept in this file (relative paths
    /// are under the content root), so scripts and tests can read it. <value>Default: .artifacts/host/function-key.</value>
    /// </summary>
    [Required]
    public string KeyFile { get; set; } = Path.Combine(".artifacts", "host", "function-key");
}
