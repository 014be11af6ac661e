using System.ComponentModel.DataAnnotations;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Inspect.Forecasts;
using K8sAiops.Activities.Inspect.Metrics;

namespace K8sAiops.Activities.Tests.Inspect.Metrics;

public sealed class MetricsInspectionOptionsTests
{
    private static List<string> Errors(MetricsInspectionOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")];
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(Errors(new MetricsInspectionOptions()));
    }

    [Fact]
    public void Validate_HighThresholdBelowMedium_NamesTheSetting()
    {
        var error = Assert.Single(Errors(new MetricsInspectionOptions { PvcUsageHigh = 0.8 }));

        Assert.Equal("PvcUsageHigh: PvcUsageHigh (0.8) is below PvcUsageMedium (0.85).", error);
    }

    [Fact]
    public void Validate_ShareAboveOne_IsRejected()
    {
        var error = Assert.Single(Errors(new MetricsInspectionOptions { CpuThrottlingMedium = 1.5 }));

        Assert.StartsWith("CpuThrottlingMedium:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadForecastSetting_NamesTheNestedSetting()
    {
        var error = Assert.Single(Errors(new MetricsInspectionOptions { Forecast = new ForecastOptions { MinSamples = 2 } }));

        Assert.StartsWith("Forecast:MinSamples: Forecast: The field MinSamples must be between 4 and 100000.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WindowShorterThanTheForecastMinimum_SaysNothingCouldBeForecast()
    {
        var error = Assert.Single(Errors(new MetricsInspectionOptions { Window = TimeSpan.FromMinutes(30) }));

        Assert.Contains("so nothing could be forecast", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricsChecks_All_HaveKnownGroupsAndSeveritiesAndDistinctIds()
    {
        Assert.Equal(
            ["pvc-usage-high", "memory-near-limit", "cpu-throttling", "node-memory-trend", "node-disk-trend"],
            MetricsChecks.All.Select(c => c.Id));
        Assert.All(MetricsChecks.All, c =>
        {
            Assert.Contains(c.Group, CheckGroups.All);
            Assert.True(Severities.IsKnown(c.Severity));
            Assert.True(c.NeedsPrometheus);
            Assert.Same(c, CheckCatalog.Find(c.Id));
            Assert.NotEmpty(c.Fix);
            Assert.NotEmpty(c.Description);
        });
        Assert.Equal("cpu-throttling", MetricsChecks.CpuThrottling.Category);
    }
}
