using System.Text;
using System.Text.Json;

namespace K8sAiops.Sandbox.Snapshots;

public static partial class SnapshotReader
{
    /// <summary>
    /// The single-stream form: Lists printed one after another (kubectl indents them and ends each with a newline),
    /// with each namespace's log sections after its pods. Objects carry their namespace, so no folder is needed.
    /// </summary>
    private static ClusterSnapshot ReadStream(string file)
    {
        var snapshot = new ClusterSnapshot { Source = file };
        var data = File.ReadAllBytes(file).AsSpan();
        var position = SkipByteOrderMark(data);
        var line = 1;
        var lineStart = position;
        while (true)
        {
            while (position < data.Length && IsWhitespace(data[position]))
            {
                if (data[position] == (byte)'\n')
                {
                    line++;
                    lineStart = position + 1;
                }

                position++;
            }

            if (position >= data.Length)
            {
                return snapshot;
            }

            var column = position - lineStart + 1;
            if (data[position] == (byte)'{')
            {
                var reader = new Utf8JsonReader(data[position..]);
                var listLine = line;
                var root = ParseJson(ref reader, file, line, column);
                var consumed = data.Slice(position, (int)reader.BytesConsumed);
                var newlines = consumed.Count((byte)'\n');
                if (newlines > 0)
                {
                    line += newlines;
                    lineStart = position + consumed.LastIndexOf((byte)'\n') + 1;
                }

                position += consumed.Length;
                SnapshotLists.AddItems(root, new SnapshotLists.Origin(file, listLine, null, null), snapshot.Objects);
            }
            else if (column == 1 && data[position..].StartsWith("==== "u8))
            {
                var sectionStart = position;
                var (key, log) = LogSections.Read(data, ref position, ref line, file, previousFile: false);
                snapshot.Logs[key] = log;
                var lastNewline = data[sectionStart..position].LastIndexOf((byte)'\n');
                if (lastNewline >= 0)
                {
                    lineStart = sectionStart + lastNewline + 1;
                }
            }
            else
            {
                var end = data[position..].IndexOfAny((byte)'\n', (byte)'\r');
                var text = Encoding.UTF8.GetString(end < 0 ? data[position..] : data.Slice(position, end));
                throw new SnapshotFormatException(file,
                    $"unexpected text '{Shorten(text)}'; a dump holds JSON Lists and '==== START logs for container' sections",
                    line, column);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
