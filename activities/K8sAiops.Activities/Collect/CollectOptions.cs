using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Activities.Collect;

/// <summary>
/// Bounds of an evidence bundle, so that a large cluster never floods the analysis (configuration section
/// <c>Collect</c>).
/// </summary>
public sealed class CollectOptions
{
    public const string SectionName = "Collect";

    /// <summary>Most pods of a workload (unhealthy first) whose events, logs and nodes are collected. <value>Default 5.</value></summary>
    [Range(1, 100)]
    public int MaxPodsPerWorkload { get; set; } = 5;

    /// <summary>Lines asked of the API per container log (<c>tailLines</c>). <value>Default 500.</value></summary>
    [Range(10, 100_000)]
    public int LogTailLines { get; set; } = 500;

    /// <summary>Bytes asked of the API per container log (<c>limitBytes</c>). <value>Default 262,144.</value></summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int LogLimitBytes { get; set; } = 256 * 1024;

    /// <summary>Error lines kept per container log. <value>Default 30.</value></summary>
    [Range(0, 1000)]
    public int MaxErrorLines { get; set; } = 30;

    /// <summary>Last lines kept per container log for context. <value>Default 20.</value></summary>
    [Range(0, 1000)]
    public int MaxTailLines { get; set; } = 20;

    /// <summary>Characters kept of one log line; longer lines are cut. <value>Default 1,000.</value></summary>
    [Range(80, 100_000)]
    public int MaxLineLength { get; set; } = 1000;

    /// <summary>Events kept per object, newest first. <value>Default 20.</value></summary>
    [Range(1, 1000)]
    public int MaxEventsPerObject { get; set; } = 20;

    /// <summary>Page size (<c>limit</c>) of every list request. <value>Default 500, as kubectl uses.</value></summary>
    [Range(10, 10_000)]
    public int PageSize { get; set; } = 500;

    /// <summary>Most pages read of one listing before the rest is left out (and a note says so). <value>Default 40 (20,000 objects at the default page size).</value></summary>
    [Range(1, 10_000)]
    public int MaxPages { get; set; } = 40;
}
