using K8sAiops.Activities.Metrics;

namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>
/// Turns one series into a <see cref="Forecast"/>: when it reaches its limit, with a 90 % range, or why that cannot be said.
/// <list type="number">
/// <item>Non-finite samples are dropped. Fewer than <see cref="ForecastOptions.MinSamples"/> samples, or a first-to-last
/// span shorter than <see cref="ForecastOptions.MinWindow"/>, is not enough data: <see cref="Forecast.EnoughData"/> is
/// false and <see cref="Forecast.Reason"/> says what was there.</item>
/// <item>Both a least-squares line and Holt's smoothing are fitted, on hours since the first sample. The line is used
/// unless Holt's one-step-ahead error is below <see cref="ForecastOptions.HoltAdvantage"/> times the line's residual
/// standard error: a series that follows a line is forecast by the line, and Holt is kept for one whose growth changed.</item>
/// <item>With the line, a slope that is not above 0 with 90 % confidence is "not growing"; otherwise the time to the limit
/// is where the line meets it, and the range is <see cref="LinearFit.CrossingRange"/>. With Holt, a trend that is not
/// above 0 is "not growing"; otherwise <see cref="HoltFit.HoursTo"/> and <see cref="HoltFit.CrossingRange"/>.
/// A not-growing forecast has <see cref="Forecast.HoursToLimit"/> null and a <see cref="Forecast.Reason"/>.</item>
/// </list>
/// Times to the limit count from the last sample and are never negative (0: the fit is at the limit already).
/// </summary>
public sealed class Forecaster(ForecastOptions options)
{
    public Forecaster()
        : this(new ForecastOptions())
    {
    }

    /// <param name="kind">One of <see cref="ForecastKinds"/>.</param>
    /// <param name="resource">The object the forecast is about.</param>
    /// <param name="samples">The series, e.g. one series of a range query.</param>
    /// <param name="limit">The value that counts as running out, above 0 (bytes).</param>
    /// <param name="query">The PromQL the series came from.</param>
    /// <param name="subject">How the message names the object; by default from the kind and resource ("PVC shop/data-postgres-0").</param>
    public Forecast Predict(
        string kind, FindingResource resource, IReadOnlyList<PrometheusSample> samples, double limit, string query, string? subject = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (!double.IsFinite(limit) || limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be a finite number above 0.");
        }

        subject ??= ForecastKinds.Subject(kind, resource);
        var usable = samples.Where(s => double.IsFinite(s.Value)).OrderBy(s => s.Timestamp).ToArray();
        var start = usable.Length > 0 ? usable[0].Timestamp : DateTimeOffset.UnixEpoch;
        var end = usable.Length > 0 ? usable[^1].Timestamp : DateTimeOffset.UnixEpoch;
        var span = (end - start).TotalHours;
        var forecast = new Forecast
        {
            Kind = kind,
            Resource = resource,
            Query = query,
            Message = "",
            Fit = ForecastFits.None,
            WindowStart = start,
            WindowEnd = end,
            Samples = usable.Length,
            Current = usable.Length > 0 ? usable[^1].Value : 0,
            Limit = limit,
        };

        if (usable.Length < options.MinSamples || end - start < options.MinWindow)
        {
            var had = $"{Count(usable.Length, "sample")} over {Quantities.Duration(span)}";
            return forecast with
            {
                Message = $"{subject}: not enough data to forecast ({had})",
                Reason = $"{had}; a forecast needs at least {options.MinSamples} samples over {Quantities.Duration(options.MinWindow.TotalHours)}",
            };
        }

        var hours = usable.Select(s => (s.Timestamp - start).TotalHours).ToArray();
        var values = usable.Select(s => s.Value).ToArray();
        var line = LinearFit.Fit(hours, values)!;
        var holt = HoltFit.Fit(hours, values);
        var fitted = HoltFitsBetter(line, holt, values) ? FromHolt(holt!, limit) : FromLine(line, limit, hours[^1]);

        forecast = forecast with { EnoughData = true, Fit = fitted.Fit, SlopePerHour = fitted.Slope };
        var over = $"{fitted.Fit} fit over {Quantities.Duration(span)}";
        if (fitted.Hours is not { } toLimit)
        {
            return forecast with
            {
                Message = $"{subject} is not growing ({Quantities.PerHour(fitted.Slope)}, {over})",
                Reason = fitted.NotGrowing,
            };
        }

        var range = fitted.High is { } high
            ? Quantities.Range(fitted.Low, high)
            : $"not before {Quantities.Duration(fitted.Low)}";
        var message = toLimit <= 0
            ? $"{subject} {ForecastKinds.Outcome(kind)} now by the trend ({over})"
            : $"{subject} {ForecastKinds.Outcome(kind)} in {Quantities.Duration(toLimit)} ({range}, {over})";
        return forecast with { Message = message, HoursToLimit = toLimit, HoursLow = fitted.Low, HoursHigh = fitted.High };
    }

    /// <summary>
    /// Holt clearly fits better: its one-step error is under <see cref="ForecastOptions.HoltAdvantage"/> times the line's
    /// residual error, and that residual error is more than rounding (a series that is a line to 1e-9 stays a line).
    /// </summary>
    private bool HoltFitsBetter(LinearFit line, HoltFit? holt, double[] values)
    {
        var scale = values.Max(Math.Abs);
        return holt is not null
            && line.ResidualStandardError > 1e-9 * Math.Max(1, scale)
            && holt.OneStepError < options.HoltAdvantage * line.ResidualStandardError;
    }

    private static Fitted FromLine(LinearFit line, double limit, double lastHour)
    {
        if (line.CrossingRange(limit) is not { } range || line.CrossingAt(limit) is not { } crossing)
        {
            var reason = line.Slope <= 0
                ? $"not growing: the line is flat or falling ({Quantities.PerHour(line.Slope)})"
                : $"not growing: the slope ({Quantities.PerHour(line.Slope)}) is not significantly above 0 " +
                  $"(90 % range \u00b1{Quantities.Bytes(line.T90 * line.SlopeStandardError)}/h)";
            return new Fitted(ForecastFits.Linear, line.Slope, null, 0, null, reason);
        }

        return new Fitted(
            ForecastFits.Linear,
            line.Slope,
            Math.Max(0, crossing - lastHour),
            Math.Max(0, range.Low - lastHour),
            Math.Max(0, range.High - lastHour),
            null);
    }

    private static Fitted FromHolt(HoltFit holt, double limit)
    {
        if (holt.HoursTo(limit) is not { } hours || holt.CrossingRange(limit) is not { } range)
        {
            return new Fitted(
                ForecastFits.Holt, holt.Trend, null, 0, null, $"not growing: the smoothed trend is flat or falling ({Quantities.PerHour(holt.Trend)})");
        }

        return new Fitted(ForecastFits.Holt, holt.Trend, hours, range.Low, range.High, null);
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>What either fit says: its growth per hour and, when it grows, the hours to the limit and their range.</summary>
    private sealed record Fitted(string Fit, double Slope, double? Hours, double Low, double? High, string? NotGrowing);
}
