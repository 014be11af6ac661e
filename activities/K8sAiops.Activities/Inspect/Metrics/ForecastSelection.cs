using System.Globalization;
using K8sAiops.Activities.Inspect.Forecasts;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>
/// Which forecasts the report lists, so that it shows what will run out rather than thousands of flat series:
/// <list type="number">
/// <item>only the reported kinds (<see cref="ForecastKinds.Reported"/>); the node memory and disk forecasts speak through their findings;</item>
/// <item>those that reach their limit within <see cref="MetricsInspectionOptions.ForecastHorizon"/>, soonest first;</item>
/// <item>then those with too little data that are already at <see cref="MetricsInspectionOptions.ListUnforecastAbove"/> of their limit, fullest first;</item>
/// <item>at most <see cref="MetricsInspectionOptions.MaxForecasts"/> in all.</item>
/// </list>
/// Not-growing forecasts and those beyond the horizon are left out. A note counts what was left out when some series
/// had too little data or the cap cut the list.
/// </summary>
internal static class ForecastSelection
{
    public static (List<Forecast> Listed, string? Note) Select(IEnumerable<Forecast> forecasts, MetricsInspectionOptions options)
    {
        var reported = forecasts.Where(f => ForecastKinds.Reported.Contains(f.Kind)).ToList();
        var horizon = options.ForecastHorizon.TotalHours;
        var reaching = reported
            .Where(f => f.EnoughData && f.HoursToLimit <= horizon)
            .OrderBy(f => f.HoursToLimit)
            .ThenBy(f => f.Resource.ToString(), StringComparer.Ordinal)
            .ToList();
        var unforecast = reported.Where(f => !f.EnoughData).ToList();
        var nearly = unforecast
            .Where(f => f.Current / f.Limit >= options.ListUnforecastAbove)
            .OrderByDescending(f => f.Current / f.Limit)
            .ThenBy(f => f.Resource.ToString(), StringComparer.Ordinal)
            .ToList();
        var listed = reaching.Concat(nearly).Take(options.MaxForecasts).ToList();

        var cut = reaching.Count + nearly.Count - listed.Count;
        if (unforecast.Count == 0 && cut == 0)
        {
            return (listed, null);
        }

        var later = reported.Count(f => f.EnoughData && f.HoursToLimit > horizon);
        var flat = reported.Count(f => f.EnoughData && f.HoursToLimit is null);
        var days = options.ForecastHorizon.TotalDays.ToString("0.#", CultureInfo.InvariantCulture);
        var note = $"Forecasts: of {Count(reported.Count, "series", "series")}, {reaching.Count} reach their limit within {days} days, " +
                   $"{later} later, {flat} are not growing and {unforecast.Count} had too little data to forecast " +
                   $"(fewer than {options.Forecast.MinSamples} samples or under {Quantities.Duration(options.Forecast.MinWindow.TotalHours)}; " +
                   $"{nearly.Count} of them listed for being at {Quantities.Percent(options.ListUnforecastAbove)} of their limit or more).";
        if (cut > 0)
        {
            note += $" Only the first {options.MaxForecasts} are listed; {cut} more were left out.";
        }

        return (listed, note);
    }

    private static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
