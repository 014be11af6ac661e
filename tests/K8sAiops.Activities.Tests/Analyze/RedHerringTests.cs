using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Analyze.Rules;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Tests.AnalyzeRules.Support;

namespace K8sAiops.Activities.Tests.AnalyzeRules;

/// <summary>History and finished work must not win a diagnosis.</summary>
public class RedHerringTests
{
    private static readonly ResourceRef Pod = new("Pod", "shop", "web-abc12-x1");

    [Fact]
    public void Diagnose_PodRestartedOnceDaysAgoWithOldBackOffWarning_NoIssue()
    {
        var bundle = new HandBundle(Pod)
            .Pod("shop", Pod.Name, "web", "Running", HandBundle.RunningReady("web", restarts: 1, lastCrash: HandBundle.Now.AddDays(-4)))
            .Event(Pod, "Warning", "BackOff", "Back-off restarting failed container web", HandBundle.Now.AddDays(-4))
            .Event(Pod, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", HandBundle.Now.AddHours(-3))
            .Log(Pod, "web", true, "ERROR consumer stopped unexpectedly; exiting with status 1")
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing("KubePodCrashLooping"), [bundle], HandBundle.Now);

        Assert.Equal(Categories.NoIssue, diagnosis.RootCause.Category);
        Assert.Equal(Pod, diagnosis.RootCause.Resource);
    }

    [Fact]
    public void Diagnose_CompletedJobAndSucceededPodNextToFault_FaultWins()
    {
        var job = new ResourceRef("Job", "shop", "schema-migrate-v42");
        var bundle = new HandBundle(Pod)
            .Pod("shop", Pod.Name, "web", "Pending", HandBundle.Waiting("web", "ImagePullBackOff"))
            .Object("Job", "shop", job.Name, EvidenceRole.Child, new JsonObject
            {
                ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "True" }), ["succeeded"] = 1 },
            })
            .Object("Pod", "shop", "schema-migrate-v42-x", EvidenceRole.Child, new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["phase"] = "Succeeded",
                    ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "migrate", ["ready"] = false, ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["reason"] = "Completed", ["exitCode"] = 0 } } }),
                },
            }, "Job", job.Name)
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing(), [bundle], HandBundle.Now);

        Assert.Equal((Categories.ImagePull, new ResourceRef("Deployment", "shop", "web")), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.DoesNotContain(diagnosis.Alternatives, a => a.Resource == job);
    }

    [Fact]
    public void Diagnose_JobThatFailedDaysAgo_IsNotTheCause()
    {
        var bundle = new HandBundle(Pod)
            .Pod("shop", Pod.Name, "web", "Running", HandBundle.RunningReady("web"))
            .Object("Job", "shop", "nightly-1", EvidenceRole.Child, new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Failed", ["status"] = "True", ["reason"] = "BackoffLimitExceeded", ["lastTransitionTime"] = HandBundle.Time(HandBundle.Now.AddDays(-3)) }),
                },
            })
            .Build();

        var diagnosis = RuleEngine.Diagnose(HandBundle.Firing(), [bundle], HandBundle.Now);

        Assert.Equal(Categories.NoIssue, diagnosis.RootCause.Category);
    }

    [Fact]
    public void Diagnose_ResolvedAlertOnHealthyPod_NoIssueNamingTarget()
    {
        var bundle = new HandBundle(Pod).Pod("shop", Pod.Name, "web", "Running", HandBundle.RunningReady("web")).Build();
        var alert = HandBundle.Firing("KubePodCrashLooping") with { Status = "resolved", EndsAt = HandBundle.Now.AddMinutes(-2) };

        var diagnosis = RuleEngine.Diagnose(alert, [bundle], HandBundle.Now);

        Assert.Equal((Categories.NoIssue, Pod), (diagnosis.RootCause.Category, diagnosis.RootCause.Resource));
        Assert.Contains("resolved", diagnosis.RootCause.Summary, StringComparison.Ordinal);
        Assert.Equal(["ev-1"], diagnosis.RootCause.Evidence);
    }
}
