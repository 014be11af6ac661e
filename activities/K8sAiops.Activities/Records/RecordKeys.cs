using System.Text;

namespace K8sAiops.Activities.Records;

/// <summary>Table keys from arbitrary text: Azure Storage forbids <c>/ \ # ?</c> and control characters in keys.</summary>
public static class RecordKeys
{
    /// <summary>The text with forbidden characters percent-encoded (reversible, readable for ordinary names).</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                builder.Append(c);
        }
        return builder.ToString();
    }
}
