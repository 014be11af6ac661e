using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Analyze.Llm;
using K8sAiops.Activities.Collect.Evidence;
using static K8sAiops.Activities.Tests.Llm.LlmFixture;

namespace K8sAiops.Activities.Tests.Llm;

/// <summary><see cref="PromptBuilder"/>: the budget holds at cluster scale, the important items come first, secrets stay out.</summary>
public sealed class PromptBuilderTests
{
    /// <summary>What collecting around a Deployment of a 5,000-pod cluster can bring: every pod, thousands of events and log lines.</summary>
    private static EvidenceBundle HugeBundle()
    {
        var bundle = Bundle();
        var next = 100;
        var pods = Enumerable.Range(0, 5000).Select(i => new EvidenceObject
        {
            Id = $"ev-{next++}",
            Ref = new("Pod", "shop", $"cart-7d9f-{i:D5}"),
            Role = EvidenceRole.Child,
            Object = JsonNode.Parse("""{"metadata":{"labels":{"app":"cart","pod-template-hash":"7d9f"}},"spec":{"nodeName":"worker-NODE","containers":[{"name":"cart","image":"registry.example/shop/cart:1.4.TAG","resources":{"limits":{"memory":"512Mi"}}}]},"status":{"phase":"Running","containerStatuses":[{"name":"cart","restartCount":RESTARTS,"lastState":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]}}"""
                .Replace("NODE", $"{i % 200}", StringComparison.Ordinal).Replace("TAG", $"{i}", StringComparison.Ordinal)
                .Replace("RESTARTS", $"{i % 9}", StringComparison.Ordinal))!.AsObject(),
        });
        var nodes = Enumerable.Range(0, 200).Select(i => new EvidenceObject
        {
            Id = $"ev-{next++}",
            Ref = ResourceRef.ClusterScoped("Node", $"worker-{i}"),
            Role = EvidenceRole.Node,
            Object = JsonNode.Parse("""{"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"MemoryPressure","status":"False"}]}}""")!.AsObject(),
        });
        var events = Enumerable.Range(0, 8000).Select(i => new EvidenceEvent
        {
            Id = $"ev-{next++}",
            InvolvedObject = new("Pod", "shop", $"cart-7d9f-{i % 5000:D5}"),
            Type = i % 3 == 0 ? "Normal" : "Warning",
            Reason = i % 3 == 0 ? "Pulled" : "BackOff",
            Message = $"Back-off restarting failed container cart in pod cart-7d9f-{i % 5000:D5}",
            Count = i % 20,
            LastTimestamp = Now.AddSeconds(-i),
        });
        var logs = Enumerable.Range(0, 2000).Select(i => new EvidenceLog
        {
            Id = $"ev-{next++}",
            Pod = new("Pod", "shop", $"cart-7d9f-{i:D5}"),
            Container = "cart",
            Previous = true,
            ErrorLines = [.. Enumerable.Range(0, 40).Select(j => $"2026-11-22T11:{j % 60:D2}:00Z ERROR java.lang.OutOfMemoryError: Java heap space at com.shop.cart.Basket.add(Basket.java:{j})")],
            TailLines = [.. Enumerable.Range(0, 60).Select(j => $"2026-11-22T11:{j % 60:D2}:01Z INFO handled request {j}")],
        });
        return bundle with
        {
            Objects = [.. bundle.Objects, .. pods, .. nodes],
            Events = [.. bundle.Events, .. events],
            Logs = [.. bundle.Logs, .. logs],
        };
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(2000)]
    [InlineData(32000)]
    public void Build_FiveThousandPodBundle_StaysWithinBudgetAndSaysWhatWasLeftOut(int budget)
    {
        var prompt = new PromptBuilder().Build(Alert, [HugeBundle()], Rules(), budget);

        var counted = PromptBuilder.CountTokens(prompt.System) + PromptBuilder.CountTokens(prompt.User);
        Assert.True(counted <= budget, $"{counted} tokens > budget {budget}");
        Assert.Equal(counted, prompt.Tokens);
        Assert.True(prompt.LeftOut > 10_000, $"left out {prompt.LeftOut}");
        Assert.Contains($"[{prompt.LeftOut} more evidence items were left out", prompt.User, StringComparison.Ordinal);
        Assert.True(prompt.Included > 0);
    }

    [Fact]
    public void Build_SmallBundle_IncludesEveryItemMostImportantFirst()
    {
        var prompt = new PromptBuilder().Build(Alert, [Bundle()], Rules(), 8000);

        Assert.Equal((7, 0), (prompt.Included, prompt.LeftOut));
        Assert.DoesNotContain("left out", prompt.User, StringComparison.Ordinal);
        string[] order = ["[ev-1] target", "[ev-7] note error", "[ev-4] event Warning", "[ev-5] log", "[ev-2] owner", "[ev-3] node", "[ev-6] allocation"];
        var positions = order.Select(o => prompt.User.IndexOf(o, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Build_SecretInEvidence_IsRedactedAgain()
    {
        var bundle = Bundle();
        bundle.Logs[0].ErrorLines.Add("connecting with password=hunter2hunter2 to postgres://cart:s3cr3tP4ss@db:5432/cart failed");

        var prompt = new PromptBuilder().Build(Alert, [bundle], Rules(), 8000);

        Assert.DoesNotContain("hunter2hunter2", prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3tP4ss", prompt.User, StringComparison.Ordinal);
        Assert.Contains("[REDACTED", prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemPrompt_NamesEveryCategoryAndAction()
    {
        var prompt = new PromptBuilder().Build(Alert, [Bundle()], Rules(), 8000);

        Assert.All(Categories.All, c => Assert.Contains(c, prompt.System, StringComparison.Ordinal));
        Assert.All(ActionKinds.All, a => Assert.Contains(a, prompt.System, StringComparison.Ordinal));
    }
}
