using System.Globalization;
using System.Text;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 the way kube-state-metrics does: one <c># HELP</c> and
/// <c># TYPE</c> pair per family (even when it has no series), then the family's series, values as Go's <c>%g</c>.
/// </summary>
internal sealed class ExpositionWriter
{
    /// <summary>The content type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder text = new();

    /// <summary>Starts a gauge family; add its series to the returned family before starting the next one.</summary>
    public Family Gauge(string name, string help) => Start(name, help, "gauge");

    /// <summary>Starts a counter family.</summary>
    public Family Counter(string name, string help) => Start(name, help, "counter");

    public override string ToString() => text.ToString();

    private Family Start(string name, string help, string type)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return new Family(text, name);
    }

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>One family's series, written as they are added.</summary>
    internal sealed class Family(StringBuilder text, string name)
    {
        public Family Add(double value, params ReadOnlySpan<(string Name, string Value)> labels)
        {
            text.Append(name);
            if (labels.Length > 0)
            {
                text.Append('{');
                for (var i = 0; i < labels.Length; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    text.Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
                }

                text.Append('}');
            }

            text.Append(' ').Append(FormatValue(value)).Append('\n');
            return this;
        }

        /// <summary>Adds the true/false/unknown triple KSM writes for a condition status (1 on the matching one).</summary>
        public Family AddConditionTriple(string? status, params (string Name, string Value)[] labels)
        {
            foreach (var candidate in new[] { "true", "false", "unknown" })
            {
                var value = string.Equals(status, candidate, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                Add(value, [.. labels, ("status", candidate)]);
            }

            return this;
        }

        /// <summary>Adds the triple with the status in a label named <c>condition</c> (as kube_job_failed and kube_pod_status_ready do).</summary>
        public Family AddStatusAsCondition(string? status, params (string Name, string Value)[] labels)
        {
            foreach (var candidate in new[] { "true", "false", "unknown" })
            {
                var value = string.Equals(status, candidate, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                Add(value, [.. labels, ("condition", candidate)]);
            }

            return this;
        }

        private static string EscapeLabel(string value) => value
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c>: shortest digits, exponent form from 1e+06 on or below 1e-04.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return "0";
        }

        // Shortest round-trip digits and the decimal exponent of the first one.
        var e = value.ToString("E16", CultureInfo.InvariantCulture);
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = value < 0;
        var exponent = int.Parse(e[(e.IndexOf('E', StringComparison.Ordinal) + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissaPart = shortest.Split('E')[0].TrimStart('-');
        var digits = mantissaPart.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sign = negative ? "-" : "";
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var expSign = exponent < 0 ? "-" : "+";
            return $"{sign}{mantissa}e{expSign}{Math.Abs(exponent):00}";
        }

        if (exponent >= 0)
        {
            return digits.Length <= exponent + 1
                ? sign + digits.PadRight(exponent + 1, '0')
                : sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
        }

        return sign + "0." + new string('0', -exponent - 1) + digits;
    }
}
