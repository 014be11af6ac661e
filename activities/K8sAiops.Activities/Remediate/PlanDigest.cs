using System.Security.Cryptography;
using System.Text;

namespace K8sAiops.Activities.Remediate;

/// <summary>The digest an approval binds to: SHA-256 (hex) over kind, target, patch type, patch and live resourceVersion.</summary>
public static class PlanDigest
{
    public static string Of(RemediationPlan plan) => Of(plan.Action.Kind, plan.Target.ToString(), plan.PatchType, plan.Patch, plan.LiveResourceVersion);

    public static string Of(string kind, string target, string? patchType, string? patch, string? resourceVersion)
    {
        // Fields joined with a separator that none of them can contain unescaped, so no two plans share a digest text.
        var text = string.Join('\0', kind, target, patchType ?? "", patch ?? "", resourceVersion ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
