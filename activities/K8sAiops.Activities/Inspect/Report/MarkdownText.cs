using System.Text;

namespace K8sAiops.Activities.Inspect.Report;

/// <summary>
/// Escaping for untrusted text (object names, messages, notes) in Markdown. CommonMark lets a backslash escape any ASCII
/// punctuation, so the text reads as written: <c>\</c>, <c>`</c>, <c>*</c>, <c>[</c>, <c>]</c> and <c>&lt;</c> are escaped
/// wherever text goes, so a message cannot start a code span, emphasis, a link or raw HTML. (<c>_</c> is left alone: inside
/// a word it emphasises nothing, and messages quote identifiers such as metric names that are full of it.)
/// </summary>
internal static class MarkdownText
{
    /// <summary>Text in a paragraph or a list item: the escapes above, and line breaks folded into spaces.</summary>
    public static string Inline(string text) => Escape(text, cell: false);

    /// <summary>
    /// Text in a GFM table cell: also <c>|</c> escaped (it would end the cell) and line breaks as <c>&lt;br&gt;</c> (a table
    /// row must stay on one line).
    /// </summary>
    public static string Cell(string text) => Escape(text, cell: true);

    public static void TableRow(StringBuilder text, params string[] cells)
    {
        text.Append('|');
        foreach (var cell in cells)
            text.Append(' ').Append(cell).Append(" |");
        text.Append('\n');
    }

    /// <summary>A header row and its delimiter row; a column whose name ends in <c>:</c> is right-aligned (numbers).</summary>
    public static void TableHeader(StringBuilder text, params string[] columns)
    {
        TableRow(text, [.. columns.Select(c => c.TrimEnd(':'))]);
        TableRow(text, [.. columns.Select(c => c.EndsWith(':') ? "---:" : "---")]);
    }

    private static string Escape(string text, bool cell)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break; // the \n that follows makes the break
                case '\r' or '\n':
                    escaped.Append(cell ? "<br>" : " ");
                    break;
                case '|' when cell:
                    escaped.Append("\\|");
                    break;
                case '\\' or '`' or '*' or '[' or ']' or '<':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }
}
