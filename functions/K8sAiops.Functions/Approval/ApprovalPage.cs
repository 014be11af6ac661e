using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Audit;

namespace K8sAiops.Functions.Approval;

/// <summary>
/// The approval page: the diagnosis with its evidence, the dry run's diff, the risk, the audit trail and the
/// Approve/Reject form; or, for a refused link, why. Every value is HTML-encoded (pod names and log lines are
/// untrusted).
/// </summary>
public static class ApprovalPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    private const string Style = """
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
        h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}
        pre{background:#f4f4f4;padding:.75rem;overflow-x:auto;font-size:.85rem}
        .add{color:#0a5d1a;background:#e6f4e6}.del{color:#8b1010;background:#fbe9e9}.hunk{color:#4b3a99}
        .risk-high{color:#8b1010;font-weight:bold}.risk-medium{color:#7a4a00;font-weight:bold}.risk-low{color:#0a5d1a;font-weight:bold}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ccc;text-align:left;padding:.3rem .5rem;vertical-align:top}
        fieldset{border:1px solid #888;padding:1rem}label{display:block;margin:.6rem 0 .2rem}
        input[type=text],textarea{width:100%;max-width:30rem;padding:.4rem;font:inherit}
        button{margin-top:1rem;padding:.5rem 1.4rem;font:inherit;cursor:pointer}
        .notice{border-left:4px solid #4b3a99;padding:.5rem 1rem;background:#f1effa}.error{border-left-color:#8b1010;background:#fbe9e9}
        """;

    /// <summary>The page of a pending approval, with the form; <paramref name="error"/> explains a refused submission.</summary>
    public static string Pending(ApprovalRecord record, string? preselected, IReadOnlyList<AuditEntry> audit, string? error = null, string? approver = null, string? comment = null)
    {
        var body = new StringBuilder();
        Subject(body, record);
        if (error is not null)
            body.Append("<p class=\"notice error\" role=\"alert\">").Append(E(error)).Append("</p>");
        body.Append("<h2>Your decision</h2><form method=\"post\"><fieldset><legend>Approve or reject this change</legend>");
        Radio(body, "approve", "Approve: apply the change now", preselected != ApprovalDecisions.Reject);
        Radio(body, "reject", "Reject: leave the cluster as it is", preselected == ApprovalDecisions.Reject);
        body.Append("<label for=\"approver\">Your name (required)</label>")
            .Append("<input type=\"text\" id=\"approver\" name=\"approver\" required maxlength=\"100\" autocomplete=\"name\" value=\"").Append(E(approver ?? "")).Append("\">")
            .Append("<label for=\"comment\">Comment</label>")
            .Append("<textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"1000\">").Append(E(comment ?? "")).Append("</textarea>")
            .Append("<button type=\"submit\">Submit decision</button></fieldset></form>")
            .Append("<p>The link expires at ").Append(E(record.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)))
            .Append(". Only the first decision counts; the change is applied only if the object is still as the dry run saw it.</p>");
        Audit(body, audit);
        return Document($"Approve: {record.Summary}", body.ToString());
    }

    /// <summary>The page after this visitor's decision was recorded.</summary>
    public static string Recorded(ApprovalRecord record, IReadOnlyList<AuditEntry> audit)
    {
        var body = new StringBuilder();
        body.Append("<p class=\"notice\" role=\"status\">").Append(E(record.Status == ApprovalDecisions.Approve
            ? $"Approved by {record.DecidedBy}. The change is being applied and verified; a result card follows in chat."
            : $"Rejected by {record.DecidedBy}. Nothing in the cluster is changed.")).Append("</p>");
        Subject(body, record);
        Audit(body, audit);
        return Document($"Decision recorded: {record.Summary}", body.ToString());
    }

    /// <summary>The page of a refused link (403 or 410): why, and for a used or expired one what was decided.</summary>
    public static string Refused(int status, string reason, ApprovalRecord? record, IReadOnlyList<AuditEntry> audit)
    {
        var body = new StringBuilder();
        body.Append("<p class=\"notice error\" role=\"alert\">").Append(E(reason)).Append("</p>");
        if (status == StatusCodes.Status410Gone && record is not null)
        {
            Subject(body, record);
            if (record.Comment is { Length: > 0 } comment)
                body.Append("<p>Comment: ").Append(E(comment)).Append("</p>");
            Audit(body, audit);
        }
        return Document(status == StatusCodes.Status403Forbidden ? "This approval link is not valid" : "This approval link can no longer be used", body.ToString());
    }

    private static void Subject(StringBuilder body, ApprovalRecord record)
    {
        body.Append("<h2>Diagnosis</h2><p><strong>").Append(E(record.Category)).Append("</strong>: ").Append(E(record.Cause)).Append("</p>");
        if (record.Findings.Count > 0)
        {
            body.Append("<h2>Evidence</h2><ul>");
            foreach (var finding in record.Findings)
                body.Append("<li><code>").Append(E(finding.Id)).Append("</code> ").Append(E(finding.Source)).Append(": ").Append(E(finding.Text)).Append("</li>");
            body.Append("</ul>");
        }
        if (record.ReportUrl is { } report && Uri.TryCreate(report, UriKind.Absolute, out var reportUri) && reportUri.Scheme is "http" or "https")
            body.Append("<p><a href=\"").Append(E(reportUri.ToString())).Append("\">Full report</a></p>");
        body.Append("<h2>Proposed change</h2><p>").Append(E(record.Summary)).Append(" (<code>").Append(E(record.ActionKind)).Append("</code> on ")
            .Append(E($"{record.Target.Kind} {(record.Target.Namespace.Length > 0 ? record.Target.Namespace + "/" : "")}{record.Target.Name}")).Append(")</p>")
            .Append("<p>Risk: <span class=\"risk-").Append(E(record.Risk)).Append("\">").Append(E(record.Risk)).Append("</span></p>")
            .Append("<h2>Server-side dry run against the live object</h2><pre aria-label=\"diff\">");
        foreach (var line in record.Diff.Split('\n'))
        {
            var css = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? null
                : line.StartsWith('+') ? "add" : line.StartsWith('-') ? "del" : line.StartsWith("@@", StringComparison.Ordinal) ? "hunk" : null;
            body.Append(css is null ? "" : $"<span class=\"{css}\">").Append(E(line)).Append(css is null ? "" : "</span>").Append('\n');
        }
        body.Append("</pre>");
    }

    private static void Audit(StringBuilder body, IReadOnlyList<AuditEntry> audit)
    {
        body.Append("<h2>Audit trail</h2><table><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">Step</th><th scope=\"col\">Outcome</th>")
            .Append("<th scope=\"col\">Who</th><th scope=\"col\">Channel</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
        foreach (var entry in audit)
        {
            body.Append("<tr><td>").Append(E(entry.At?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? ""))
                .Append("</td><td>").Append(E(entry.Step)).Append("</td><td>").Append(E(entry.Outcome))
                .Append("</td><td>").Append(E(entry.Actor)).Append("</td><td>").Append(E(entry.Channel ?? ""))
                .Append("</td><td>").Append(E(entry.Detail)).Append("</td></tr>");
        }
        body.Append("</tbody></table>");
    }

    private static void Radio(StringBuilder body, string value, string label, bool chosen) =>
        body.Append("<label><input type=\"radio\" name=\"decision\" value=\"").Append(value).Append('"').Append(chosen ? " checked" : "")
            .Append("> ").Append(E(label)).Append("</label>");

    private static string Document(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<meta name=\"robots\" content=\"noindex\"><title>{E(title)} · K8sAiops</title><style>{Style}</style></head>" +
        $"<body><main><h1>{E(title)}</h1>{body}</main></body></html>";

    private static string E(string text) => Html.Encode(text);
}
