using System.Globalization;

namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>Bytes, shares and durations as the forecasts and findings write them: "9.1 GiB", "91.2 %", "6.2 days".</summary>
internal static class Quantities
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>Bytes in IEC units with up to one decimal: "512 MiB", "9.1 GiB"; negative values keep their sign.</summary>
    public static string Bytes(double bytes)
    {
        var size = Math.Abs(bytes);
        var unit = 0;
        while (size >= 1024 && unit < Units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(bytes < 0 ? "-" : "")}{size:0.#} {Units[unit]}");
    }

    /// <summary>A growth rate per hour: "+12.5 MiB/h", "-3 GiB/h".</summary>
    public static string PerHour(double bytesPerHour) => $"{(bytesPerHour >= 0 ? "+" : "")}{Bytes(bytesPerHour)}/h";

    /// <summary>CPU cores with up to two decimals: "0.5 cores", "1 core".</summary>
    public static string Cores(double cores)
        => string.Create(CultureInfo.InvariantCulture, $"{cores:0.##} {(Math.Round(cores, 2) == 1 ? "core" : "cores")}");

    /// <summary>A ratio as a percentage with one decimal: 0.9123 → "91.2 %".</summary>
    public static string Percent(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.#} %");

    /// <summary>Minutes under an hour, hours under two days, days beyond: "45 min", "20.5 h", "6.2 days".</summary>
    public static string Duration(double hours) => Unit(hours) switch
    {
        DurationUnit.Minutes => string.Create(CultureInfo.InvariantCulture, $"{hours * 60:0} min"),
        DurationUnit.Hours => string.Create(CultureInfo.InvariantCulture, $"{hours:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{hours / 24:0.#} days"),
    };

    /// <summary>A range, with the unit once when both ends share it: "5.1–7.9 days", "20 h–2.5 days".</summary>
    public static string Range(double lowHours, double highHours)
    {
        if (Unit(lowHours) != Unit(highHours))
        {
            return $"{Duration(lowHours)}\u2013{Duration(highHours)}";
        }

        var high = Duration(highHours);
        var low = Duration(lowHours);
        return $"{low[..low.IndexOf(' ', StringComparison.Ordinal)]}\u2013{high}";
    }

    private enum DurationUnit
    {
        Minutes,
        Hours,
        Days,
    }

    private static DurationUnit Unit(double hours) => hours switch
    {
        < 1 => DurationUnit.Minutes,
        < 48 => DurationUnit.Hours,
        _ => DurationUnit.Days,
    };
}
