using System.Globalization;
using System.Text;

namespace K8sAiops.Sandbox.Tests.Metrics;

/// <summary>One series of a scrape: family name, labels in the order written, value.</summary>
internal sealed record Sample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public string this[string label] => Labels.FirstOrDefault(l => l.Key == label).Value ?? "";

    public bool Has(params (string Key, string Value)[] labels) => labels.All(l => this[l.Key] == l.Value);
}

/// <summary>A parsed text exposition (format 0.0.4): HELP and TYPE per family, and the samples in order.</summary>
internal sealed class Exposition
{
    public Dictionary<string, string> Help { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Type { get; } = new(StringComparer.Ordinal);

    public List<Sample> Samples { get; } = [];

    /// <summary>Family names in the order their HELP lines appear (a family appearing twice is a format error).</summary>
    public List<string> FamilyOrder { get; } = [];

    public IEnumerable<Sample> Of(string family) => Samples.Where(s => s.Name == family);

    public static Exposition Parse(string text)
    {
        var result = new Exposition();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var name = rest[..rest.IndexOf(' ', StringComparison.Ordinal)];
                result.Help.Add(name, rest[(name.Length + 1)..]);
                result.FamilyOrder.Add(name);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                result.Type.Add(parts[2], parts[3]);
                continue;
            }

            result.Samples.Add(ParseSample(line));
        }

        return result;
    }

    private static Sample ParseSample(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var labels = new List<KeyValuePair<string, string>>();
        string name;
        int valueStart;
        if (brace < 0)
        {
            name = line[..line.IndexOf(' ', StringComparison.Ordinal)];
            valueStart = name.Length + 1;
        }
        else
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq];
                i = eq + 2; // past ="
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels.Add(new(key, value.ToString()));
                i++; // past the closing quote
                if (line[i] == ',')
                {
                    i++;
                }
            }

            valueStart = i + 2;
        }

        return new Sample(name, labels, double.Parse(line[valueStart..], NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
