using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Analyze.Llm;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Activities.Tests.Llm;

/// <summary>An OOM-killed cart pod's evidence, the rules' diagnosis of it, and an analyzer wired to a loopback model.</summary>
internal static class LlmFixture
{
    public static readonly ResourceRef Pod = new("Pod", "shop", "cart-7d9f-abcde");
    public static readonly ResourceRef Deployment = new("Deployment", "shop", "cart");
    public static readonly ResourceRef Node = ResourceRef.ClusterScoped("Node", "worker-1");
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static AlertInfo Alert { get; } = new(
        "firing",
        new Dictionary<string, string> { ["alertname"] = "KubePodCrashLooping", ["namespace"] = "shop", ["pod"] = Pod.Name },
        new Dictionary<string, string> { ["summary"] = "Pod shop/cart-7d9f-abcde is crash looping" },
        Now.AddMinutes(-10));

    /// <summary>ev-1 target pod, ev-2 deployment, ev-3 node, ev-4 OOM event, ev-5 error log, ev-6 allocation, ev-7 note.</summary>
    public static EvidenceBundle Bundle() => new()
    {
        Target = Pod,
        Cluster = "test",
        CollectedAt = Now,
        Objects =
        [
            new() { Id = "ev-1", Ref = Pod, Role = EvidenceRole.Target, Object = JsonNode.Parse("""{"status":{"containerStatuses":[{"name":"cart","restartCount":7,"lastState":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]}}""")!.AsObject() },
            new() { Id = "ev-2", Ref = Deployment, Role = EvidenceRole.Owner, Object = JsonNode.Parse("""{"spec":{"replicas":2}}""")!.AsObject() },
            new() { Id = "ev-3", Ref = Node, Role = EvidenceRole.Node, Object = JsonNode.Parse("""{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""")!.AsObject() },
        ],
        Events = [new() { Id = "ev-4", InvolvedObject = Pod, Type = "Warning", Reason = "BackOff", Message = "Back-off restarting failed container cart", Count = 7, LastTimestamp = Now }],
        Logs = [new() { Id = "ev-5", Pod = Pod, Container = "cart", Previous = true, ErrorLines = ["java.lang.OutOfMemoryError: Java heap space"] }],
        NodeAllocations = [new() { Id = "ev-6", Node = Node.Name, CpuAllocatableMillis = 4000, CpuRequestedMillis = 1000, MemoryAllocatableBytes = 8L << 30, MemoryRequestedBytes = 2L << 30, PodsAllocatable = 110, Pods = 12 }],
        Notes = [new() { Id = "ev-7", Source = Pod.ToString(), Text = "container cart was OOM killed 7 times", Severity = NoteSeverity.Error }],
    };

    public static Diagnosis Rules(double confidence = 0.9) => new()
    {
        RootCause = new RootCause
        {
            Category = Categories.OomKilled,
            Resource = Deployment,
            Summary = "cart is killed for exceeding its memory limit",
            Confidence = confidence,
            Evidence = ["ev-1"],
        },
        Findings = [new Finding { Id = "ev-1", Source = Pod.ToString(), Text = "lastState OOMKilled, exit 137", Severity = "error" }],
        Actions = [new ProposedAction { Kind = ActionKinds.PatchMemoryLimit, Target = Deployment, Risk = "medium", Description = "raise the memory limit" }],
    };

    /// <summary>A chat-completions answer whose message content is <paramref name="content"/>, in OpenAI's wire format.</summary>
    public static LoopbackResponse Completion(string content, string finishReason = "stop")
    {
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_763_812_800,
            ["model"] = "test-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 50, ["total_tokens"] = 150 },
        };
        return LoopbackResponse.Json(body.ToJsonString());
    }

    /// <summary>A tool-call answer: no content, one function call, <c>finish_reason: tool_calls</c>.</summary>
    public static LoopbackResponse ToolCall()
    {
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-tool",
            ["object"] = "chat.completion",
            ["created"] = 1_763_812_800,
            ["model"] = "test-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = null,
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "call_1",
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = "kubectl", ["arguments"] = """{"args":"get pods"}""" },
                    }),
                },
                ["finish_reason"] = "tool_calls",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 10, ["total_tokens"] = 110 },
        };
        return LoopbackResponse.Json(body.ToJsonString());
    }

    /// <summary>The model's answer as JSON text: a root cause plus findings and actions given as anonymous objects.</summary>
    public static string Answer(string category, ResourceRef culprit, string summary, double confidence, string[] evidence, object[]? findings = null, object[]? actions = null)
        => JsonSerializer.Serialize(new
        {
            rootCause = new
            {
                category,
                resource = new { kind = culprit.Kind, @namespace = culprit.Namespace, name = culprit.Name },
                summary,
                confidence,
                evidence,
            },
            findings = findings ?? [],
            actions = actions ?? [],
        });

    public static object FindingOf(string id, string source, string text, string severity = "error") => new { id, source, text, severity };

    /// <summary>The analyzer as <c>AddLlmAnalysis</c> registers it, with the given settings under <c>Analyze:Llm</c>.</summary>
    public static (ServiceProvider Services, LlmAnalyzer Analyzer) Analyzer(Dictionary<string, string?> settings, RecordingLogger? logger = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => $"{LlmOptions.Section}:{s.Key}", s => s.Value))
            .Build();
        var services = new ServiceCollection();
        if (logger is not null)
            services.AddSingleton<ILogger<LlmAnalyzer>>(logger);
        var provider = services.AddLlmAnalysis(configuration).BuildServiceProvider();
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return (provider, provider.GetRequiredService<LlmAnalyzer>());
    }

    /// <summary>Settings for an OpenAI-compatible model at <paramref name="server"/>.</summary>
    public static Dictionary<string, string?> Compatible(LoopbackHttpServer server, string timeout = "00:00:10") => new()
    {
        ["Provider"] = "OpenAICompatible",
        ["Endpoint"] = new Uri(server.BaseAddress, "v1").ToString(),
        ["ApiKey"] = "sk-test-key",
        ["Model"] = "qwen-plus",
        ["Timeout"] = timeout,
    };
}

/// <summary>Keeps every log message, to assert on what was dropped and why.</summary>
internal sealed class RecordingLogger : ILogger<LlmAnalyzer>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
                return [.. _entries];
        }
    }

    public IEnumerable<string> Warnings => Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
            _entries.Add((logLevel, formatter(state, exception)));
    }
}
