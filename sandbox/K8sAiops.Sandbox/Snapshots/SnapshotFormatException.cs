namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// A snapshot file that is not what <c>kubectl cluster-info dump</c> writes: broken JSON, a List holding the
/// wrong kind, an apiVersion the sandbox does not serve, an object without a name, an unterminated log section.
/// </summary>
/// <remarks>
/// The message names the file and the position: a 1-based line and column (the byte position in the line) for
/// text that cannot be parsed, or a JSON path such as <c>$.items[3].kind</c> for a parsed List whose content is wrong.
/// </remarks>
public sealed class SnapshotFormatException : Exception
{
    public SnapshotFormatException(string file, string problem, int? line = null, int? column = null, string? jsonPath = null, Exception? innerException = null)
        : base(Describe(file, problem, line, column, jsonPath), innerException)
    {
        File = file;
        Problem = problem;
        Line = line;
        Column = column;
        JsonPath = jsonPath;
    }

    /// <summary>The file that holds the problem.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    /// <summary>The 1-based line of the problem; for a <see cref="JsonPath"/> in a single-stream dump, the line where that List starts.</summary>
    public int? Line { get; }

    /// <summary>The 1-based byte position in <see cref="Line"/>, when the problem is in unparsable text.</summary>
    public int? Column { get; }

    /// <summary>Where in the List the problem is, e.g. <c>$.items[3].kind</c>.</summary>
    public string? JsonPath { get; }

    private static string Describe(string file, string problem, int? line, int? column, string? jsonPath)
    {
        var where = (line, column, jsonPath) switch
        {
            (not null, not null, _) => $"{file}, line {line}, column {column}",
            (not null, null, not null) => $"{file}, List starting at line {line}, {jsonPath}",
            (null, _, not null) => $"{file}, {jsonPath}",
            (not null, null, null) => $"{file}, line {line}",
            _ => file,
        };
        return $"{where}: {problem}";
    }
}
