using System.Globalization;
using System.Text;
using K8sAiops.Activities.Analyze;

namespace K8sAiops.Activities.Report;

/// <summary>A diagnosis as Markdown for people: the root cause first, then what to do, then the evidence.</summary>
public static class DiagnosisMarkdown
{
    public static string Render(Diagnosis diagnosis, AlertInfo? alert = null)
    {
        var root = diagnosis.RootCause;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {(alert is null ? "Diagnosis" : alert.AlertName)}: {root.Category}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**{root.Summary}**\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"- Culprit: {(root.Resource is null ? "none" : $"{root.Resource.Kind} {Qualified(root.Resource.Namespace, root.Resource.Name)}")}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Confidence: {root.Confidence:0.00}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Analyzed by: {diagnosis.AnalyzedBy}\n");
        if (alert is not null)
            text.Append(CultureInfo.InvariantCulture, $"- Alert: {alert.AlertName} ({alert.Status}) since {alert.StartsAt:u}\n");

        if (diagnosis.Actions.Count > 0)
        {
            text.Append("\n## What to do\n\n");
            foreach (var action in diagnosis.Actions)
            {
                text.Append(CultureInfo.InvariantCulture, $"- **{action.Kind}** ({action.Risk} risk) on {action.Target.Kind} {Qualified(action.Target.Namespace, action.Target.Name)}: {action.Description}\n");
                foreach (var command in action.Commands)
                    text.Append(CultureInfo.InvariantCulture, $"  - `{command}`\n");
            }
        }

        if (diagnosis.Findings.Count > 0)
        {
            text.Append("\n## Evidence\n\n");
            foreach (var finding in diagnosis.Findings)
                text.Append(CultureInfo.InvariantCulture, $"- `{finding.Id}` {finding.Severity} — {finding.Source}: {finding.Text}\n");
        }

        if (diagnosis.Alternatives.Count > 0)
        {
            text.Append("\n## Also considered\n\n");
            foreach (var other in diagnosis.Alternatives)
                text.Append(CultureInfo.InvariantCulture, $"- {other.Category} ({other.Confidence:0.00}): {other.Summary}\n");
        }
        return text.ToString();
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : $"{ns}/{name}";
}
