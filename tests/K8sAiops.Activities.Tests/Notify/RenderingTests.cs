using K8sAiops.Activities.Notify;

namespace K8sAiops.Activities.Tests.Notify;

/// <summary>Each platform's card as its receiver checks it: shape, buttons with the channel's own links, escaping, limits.</summary>
public sealed class RenderingTests
{
    public static TheoryData<string, string?> Forms => new()
    {
        { ChannelKinds.Slack, null },
        { ChannelKinds.Teams, null },
        { ChannelKinds.Feishu, null },
        { ChannelKinds.WeCom, null },
        { ChannelKinds.WeCom, ChannelFormats.TemplateCard },
        { ChannelKinds.DingTalk, null },
        { ChannelKinds.DingTalk, ChannelFormats.Markdown },
        { ChannelKinds.Webhook, null },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task NotifyChannels_Card_IsAcceptedWithTheChannelsApprovalLinks(string kind, string? format)
    {
        await using var receiver = NotifyFixture.Receiver(kind);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url, format: format));
        var card = NotifyFixture.Card();

        var outcome = await NotifyFixture.RunAsync(services, card);

        var delivery = Assert.Single(outcome.Deliveries);
        Assert.True(delivery.Status == DeliveryStatuses.Sent, $"{delivery.Status}: {delivery.Detail}; rejected: {string.Join("; ", receiver.Rejected.Select(r => r.Error))}");
        Assert.Equal($"{kind.ToLowerInvariant()}-0", delivery.Channel);
        var message = Assert.Single(receiver.Messages);
        var links = NotifyFixture.LinksFor(card, delivery.Channel);
        Assert.Equal(links.Approve, message.ApproveUrl);
        Assert.Equal(links.Reject, message.RejectUrl);
        Assert.Empty(message.Mentions);
        if (kind != ChannelKinds.Webhook)
        {
            Assert.Contains(NotifyFixture.ReportUrl, message.Links);
            Assert.Contains("report-renderer", message.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task NotifyChannels_NoApproval_SendsNoApproveOrRejectButton(string kind, string? format)
    {
        await using var receiver = NotifyFixture.Receiver(kind);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url, format: format));

        var outcome = await NotifyFixture.RunAsync(services, NotifyFixture.Card(approval: false));

        Assert.Equal(DeliveryStatuses.Sent, Assert.Single(outcome.Deliveries).Status);
        var message = Assert.Single(receiver.Messages);
        Assert.Null(message.ApproveUrl);
        Assert.Null(message.RejectUrl);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task NotifyChannels_HostileText_IsShownButNeverMentionsOrLinks(string kind, string? format)
    {
        await using var receiver = NotifyFixture.Receiver(kind);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url, format: format));
        var hostile = NotifyFixture.Hostile;
        var card = NotifyFixture.Card() with
        {
            Title = $"crash-loop: pod {hostile}",
            Summary = $"Log line: {hostile}",
            Namespace = hostile,
            Facts = [new ChatFact($"Culprit {hostile}", hostile)],
            Lines = [hostile, $"- {hostile}", $"1. {hostile}", $"# {hostile}", "&lt;!channel&gt; &#60;at&#62;"],
        };

        var outcome = await NotifyFixture.RunAsync(services, card);

        Assert.Equal(DeliveryStatuses.Sent, Assert.Single(outcome.Deliveries).Status);
        var message = Assert.Single(receiver.Messages);
        Assert.Empty(message.Mentions);
        Assert.DoesNotContain(message.Links, l => l.Host == "evil");
        Assert.Contains("channel", message.Text, StringComparison.Ordinal);
        Assert.Equal(NotifyFixture.LinksFor(card, "x").Approve.Host, message.ApproveUrl!.Host);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task NotifyChannels_HugeCard_IsCutUnderTheLimitKeepingButtonsAndTheReportLink(string kind, string? format)
    {
        await using var receiver = NotifyFixture.Receiver(kind);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url, format: format));
        var card = NotifyFixture.Card() with
        {
            Summary = string.Concat(Enumerable.Repeat("内存不足 the summary goes on. ", 50)),
            Lines = [.. Enumerable.Range(0, 3000).Select(i => $"ev-{i} 容器被杀死 pod/shop/report-renderer-{i}: OOMKilled {new string('x', 150)}")],
            Facts = [.. Enumerable.Range(0, 6).Select(i => new ChatFact($"fact {i}", new string('v', 100)))],
        };

        var outcome = await NotifyFixture.RunAsync(services, card);

        var delivery = Assert.Single(outcome.Deliveries);
        Assert.True(delivery.Status == DeliveryStatuses.Sent, $"{delivery.Status}: {delivery.Detail}");
        var message = Assert.Single(receiver.Messages);
        var links = NotifyFixture.LinksFor(card, delivery.Channel);
        Assert.Equal(links.Approve, message.ApproveUrl);
        Assert.Equal(links.Reject, message.RejectUrl);
        if (kind == ChannelKinds.Webhook)
            return;
        Assert.Contains(NotifyFixture.ReportUrl, message.Links);
        if (format != ChannelFormats.TemplateCard)
        {
            Assert.Contains("Shortened", message.Text, StringComparison.Ordinal);
            Assert.Contains("ev-0 ", message.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("ev-2999 ", message.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task NotifyChannels_HugeSummaryAndFacts_AreCutAfterTheLinesKeepingButtons(string kind, string? format)
    {
        await using var receiver = NotifyFixture.Receiver(kind);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url, format: format));
        var card = NotifyFixture.Card() with
        {
            Title = string.Concat(Enumerable.Repeat("很长的标题 long title ", 40)),
            Summary = string.Concat(Enumerable.Repeat("内存不足 the summary goes on. ", 3000)),
            Facts = [.. Enumerable.Range(0, 40).Select(i => new ChatFact($"fact {i}", new string('v', 5000)))],
        };

        var outcome = await NotifyFixture.RunAsync(services, card);

        var delivery = Assert.Single(outcome.Deliveries);
        Assert.True(delivery.Status == DeliveryStatuses.Sent, $"{delivery.Status}: {delivery.Detail}");
        var message = Assert.Single(receiver.Messages);
        Assert.Equal(NotifyFixture.LinksFor(card, delivery.Channel).Approve, message.ApproveUrl);
        Assert.NotNull(message.RejectUrl);
        if (kind != ChannelKinds.Webhook)
            Assert.Contains(NotifyFixture.ReportUrl, message.Links);
    }
}
