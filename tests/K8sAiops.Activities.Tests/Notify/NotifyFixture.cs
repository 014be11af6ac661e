using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Notify;
using K8sAiops.Activities.Records;
using K8sAiops.Durable;
using K8sAiops.Testing.ChatReceivers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace K8sAiops.Activities.Tests.Notify;

/// <summary>Approval links as the real factory shapes them, with a readable token naming the channel.</summary>
internal sealed class FakeApprovalLinks : IApprovalLinks
{
    public ApprovalLinks For(ApprovalRequest request, string channel)
    {
        var page = new Uri($"https://aiops.example.com/approvals/{Uri.EscapeDataString(request.InstanceId)}/v1.{channel}.{request.ApprovalId}");
        return new ApprovalLinks(page, new Uri(page + "?decision=approve"), new Uri(page + "?decision=reject"));
    }
}

/// <summary>Builds the chat channels as the host would, runs the activity, and makes cards.</summary>
internal static class NotifyFixture
{
    public const string Hostile = "<!channel> *x* [a](http://evil) <at user_id=\"all\">";

    public static readonly Uri ReportUrl = new("https://aiops.example.com/reports/alert-1/diagnosis.md");
    public static readonly Uri StatusUrl = new("https://aiops.example.com/api/instances/alert-1");

    public static ServiceProvider Build(Dictionary<string, string?> settings, TimeProvider? time = null, IRecordTables? tables = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
            services.AddSingleton(time);
        services.AddSingleton(tables ?? new InMemoryRecordTables());
        services.AddSingleton<IApprovalLinks, FakeApprovalLinks>();
        services.AddChatChannels(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Settings for one channel at index <paramref name="index"/> (fast retries unless given).</summary>
    public static Dictionary<string, string?> Channel(
        string kind, Uri url, string? secret = null, string? format = null, int index = 0, Dictionary<string, string?>? into = null)
    {
        var settings = into ?? new Dictionary<string, string?> { ["Notify:RetryDelay"] = "00:00:00.010", ["Notify:MaxRetryDelay"] = "00:00:02" };
        settings[$"Notify:Channels:{index}:Kind"] = kind;
        settings[$"Notify:Channels:{index}:Url"] = url.ToString();
        if (secret is not null)
            settings[$"Notify:Channels:{index}:Secret"] = secret;
        if (format is not null)
            settings[$"Notify:Channels:{index}:Format"] = format;
        return settings;
    }

    public static Task<NotifyOutcome> RunAsync(IServiceProvider services, ChatMessage message, int taskId = 4, CancellationToken cancellationToken = default)
    {
        ITaskActivity activity = services.GetRequiredService<NotifyChannels>();
        var context = new TaskActivityContext(new TaskName(nameof(NotifyChannels)), message.InstanceId, taskId, "exec-1");
        return activity.RunAsync(context, message, cancellationToken).ContinueWith(t => (NotifyOutcome)t.Result!, TaskScheduler.Default);
    }

    public static ChatMessage Card(bool approval = true, string severity = "critical", string? ns = "shop") => new()
    {
        Kind = ChatMessageKinds.Diagnosis,
        InstanceId = "alert-1",
        Title = "oom-killed: Deployment shop/report-renderer",
        Severity = severity,
        Namespace = ns,
        Summary = "The container report-renderer was OOM-killed 6 times in 10 minutes; its memory limit is 256Mi.",
        Facts =
        [
            new ChatFact("Category", "oom-killed"),
            new ChatFact("Culprit", "deployment/shop/report-renderer"),
            new ChatFact("Confidence", "0.92"),
            new ChatFact("Action", "raise the memory limit to 512Mi (risk low)"),
        ],
        Lines = ["ev-1 pod/shop/report-renderer-7d9f: OOMKilled (exit 137)", "ev-2 memory working set at 99% of limit before each kill"],
        Approval = approval ? new ApprovalRequest("alert-1", "exec-1", "ap-1", "sha256:abc", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)) : null,
        ReportUrl = ReportUrl,
        StatusUrl = StatusUrl,
        Diagnosis = new Diagnosis
        {
            RootCause = new RootCause
            {
                Category = "oom-killed",
                Resource = new ResourceRef("Deployment", "shop", "report-renderer"),
                Summary = "Memory limit too low.",
                Confidence = 0.92,
            },
        },
    };

    /// <summary>The links <see cref="FakeApprovalLinks"/> makes for <paramref name="channel"/>.</summary>
    public static ApprovalLinks LinksFor(ChatMessage message, string channel) => new FakeApprovalLinks().For(message.Approval!, channel);

    /// <summary>A receiver per kind, signing with <paramref name="secret"/> where the platform signs.</summary>
    public static ChatReceiver Receiver(string kind, string? secret = null) => kind switch
    {
        ChannelKinds.Slack => new SlackReceiver(),
        ChannelKinds.Teams => new TeamsReceiver(),
        ChannelKinds.Feishu => new FeishuReceiver(secret),
        ChannelKinds.WeCom => new WeComReceiver(),
        ChannelKinds.DingTalk => new DingTalkReceiver(secret),
        _ => new WebhookReceiver(secret),
    };
}
