using System.Globalization;
using K8sAiops.Activities.Records;

namespace K8sAiops.Activities.Inspect;

/// <summary>
/// The runs of the inspection, per cluster, newest first (table <c>Inspections</c>: partition the cluster, row the
/// inverted finish time), so the previous report and the trend are one partition query away.
/// </summary>
public sealed class InspectionHistory(IRecordTables tables)
{
    public const string TableName = "Inspections";

    private IRecordTable Table => tables.Get(TableName);

    /// <summary>Records a finished run (again after a re-delivery: the row is the same).</summary>
    public Task AddAsync(InspectionReport report, CancellationToken cancellationToken) =>
        Table.UpsertAsync(new Record(RecordKeys.Escape(report.Cluster), Row(report.FinishedAt), new Dictionary<string, string>
        {
            ["Id"] = report.Id,
            ["FinishedAt"] = report.FinishedAt.ToString("O", CultureInfo.InvariantCulture),
            ["Score"] = report.Score.ToString(CultureInfo.InvariantCulture),
            ["Grade"] = report.Grade,
            ["Findings"] = report.Findings.Count.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);

    /// <summary>The cluster's last <paramref name="count"/> runs finished before <paramref name="before"/>, newest first.</summary>
    public async Task<List<TrendPoint>> RecentAsync(string cluster, int count, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var points = new List<TrendPoint>();
        var after = Row(before);
        await foreach (var record in Table.QueryAsync(RecordKeys.Escape(cluster), cancellationToken))
        {
            if (string.CompareOrdinal(record.Row, after) <= 0 || record["Id"] is not { } id)
                continue;
            points.Add(new TrendPoint(id, DateTimeOffset.Parse(record["FinishedAt"]!, CultureInfo.InvariantCulture),
                int.Parse(record["Score"]!, CultureInfo.InvariantCulture)));
            if (points.Count == count)
                break;
        }
        return points;
    }

    /// <summary>Newer runs sort first: the row is <c>DateTimeOffset.MaxValue.Ticks − finish ticks</c>, zero-padded.</summary>
    private static string Row(DateTimeOffset finishedAt) =>
        (DateTimeOffset.MaxValue.UtcTicks - finishedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
