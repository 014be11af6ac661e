using System.Diagnostics;
using System.Text;
using System.Text.Json;
using K8sAiops.Activities.Redaction;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Bench.Collect;

/// <summary>Redaction speed on about 1 MB of the cluster's own log lines, one secret-bearing line in ten.</summary>
internal static class RedactionTiming
{
    private static readonly string[] SecretLines =
    [
        "connecting to postgres://app:Zq8v2xLp0wRt@orders-db:5432/orders",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ",
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "retrying with password=hunter2-but-longer",
    ];

    public static string Measure(ClusterSnapshot snapshot)
    {
        var ordinary = snapshot.Logs.Values.SelectMany(l => l.Split('\n')).Where(l => l.Length > 0).Take(50_000).ToArray();
        var text = new StringBuilder(1_100_000);
        for (var i = 0; text.Length < 1_000_000; i++)
            text.Append(i % 10 == 0 ? SecretLines[i / 10 % SecretLines.Length] : ordinary[i % ordinary.Length]).Append('\n');
        var log = text.ToString();

        var clock = Stopwatch.StartNew();
        Redactor.Default.Redact(log[..10_000]);
        var firstCall = clock.Elapsed;
        var times = new List<double>();
        var masked = 0;
        for (var run = 0; run < 10; run++)
        {
            clock.Restart();
            masked = Redactor.Default.RedactWithCount(log).Count;
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return JsonSerializer.Serialize(new
        {
            scenario = "redact-1mb",
            bytes = log.Length,
            secretsMasked = masked,
            firstCallMs = Math.Round(firstCall.TotalMilliseconds, 1),
            medianMs = Math.Round((times[4] + times[5]) / 2, 1),
        });
    }
}
