namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>The fits a forecast can use, as <see cref="Forecast.Fit"/> spells them.</summary>
public static class ForecastFits
{
    /// <summary>Ordinary least squares (<see cref="LinearFit"/>).</summary>
    public const string Linear = "linear";

    /// <summary>Holt's double exponential smoothing (<see cref="HoltFit"/>).</summary>
    public const string Holt = "holt";

    /// <summary>No fit was made: the series had too little data.</summary>
    public const string None = "none";
}
