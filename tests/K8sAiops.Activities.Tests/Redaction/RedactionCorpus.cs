using K8sAiops.Testing;

namespace K8sAiops.Activities.Tests.Redaction;

/// <summary>The text corpora next to these tests: secret-bearing lines (secrets between « and ») and ordinary lines.</summary>
internal static class RedactionCorpus
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "K8sAiops.Activities.Tests", "Redaction");

    /// <summary>Each secret line with its marks removed, and the secrets it carries.</summary>
    public static IReadOnlyList<(string Line, IReadOnlyList<string> Secrets)> SecretLines()
    {
        var result = new List<(string, IReadOnlyList<string>)>();
        foreach (var raw in File.ReadAllLines(Path.Combine(Folder, "secret-lines.txt")))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var secrets = new List<string>();
            var line = new System.Text.StringBuilder();
            var rest = raw.AsSpan();
            while (rest.IndexOf('«') is var open and >= 0)
            {
                var close = rest.IndexOf('»');
                Assert.True(close > open, $"Unbalanced « » in corpus line: {raw}");
                line.Append(rest[..open]);
                var secret = rest[(open + 1)..close].ToString();
                secrets.Add(secret);
                line.Append(secret);
                rest = rest[(close + 1)..];
            }

            line.Append(rest);
            Assert.True(secrets.Count > 0, $"Corpus line without a marked secret: {raw}");
            result.Add((line.ToString(), secrets));
        }

        return result;
    }

    public static string OrdinaryText() => File.ReadAllText(Path.Combine(Folder, "ordinary-lines.txt"));
}
