using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// Reads a cluster snapshot in either form of <c>cluster-snapshot-format.md</c>: the directory
/// <c>kubectl cluster-info dump --output-directory=DIR</c> writes, or the single stream it prints on stdout.
/// </summary>
public static partial class SnapshotReader
{
    /// <summary>
    /// Reads the snapshot at <paramref name="path"/>: a directory (directory form) or a file (single-stream form).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Neither exists, nor does the folder that would hold it.</exception>
    /// <exception cref="FileNotFoundException">Neither a directory nor a file exists at <paramref name="path"/>.</exception>
    /// <exception cref="SnapshotFormatException">The snapshot is not what kubectl writes; the message says where.</exception>
    public static ClusterSnapshot Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return ReadDirectory(path);
        }

        if (File.Exists(path))
        {
            return ReadStream(path);
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new DirectoryNotFoundException(
                $"No cluster snapshot at '{path}': the directory '{parent}' does not exist.");
        }

        throw new FileNotFoundException(
            $"No cluster snapshot at '{path}': expected a directory written by 'kubectl cluster-info dump --output-directory' " +
            "or a file holding what 'kubectl cluster-info dump' prints.", path);
    }

    /// <summary>Parses one JSON value from <paramref name="reader"/>, turning a syntax error into a positioned <see cref="SnapshotFormatException"/>.</summary>
    /// <param name="line">The 1-based line where the reader's input starts in the file.</param>
    /// <param name="column">The 1-based column where the reader's input starts in that line.</param>
    private static JsonNode? ParseJson(ref Utf8JsonReader reader, string file, int line, int column)
    {
        try
        {
            return JsonNode.Parse(ref reader);
        }
        catch (JsonException e)
        {
            var errorLine = (int)(e.LineNumber ?? 0);
            var errorColumn = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new SnapshotFormatException(file, $"invalid JSON: {WithoutPosition(e.Message)}",
                line + errorLine, errorLine == 0 ? column + errorColumn - 1 : errorColumn, innerException: e);
        }
    }

    /// <summary>System.Text.Json ends its messages with its own 0-based position; the exception gives a 1-based one.</summary>
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at < 0)
        {
            at = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (at < 0 ? message : message[..at]).TrimEnd();
    }

    private static int SkipByteOrderMark(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
