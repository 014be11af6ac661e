using K8sAiops.Activities.Notify;
using K8sAiops.Activities.Notify.Delivery;
using K8sAiops.Activities.Records;
using K8sAiops.Testing;
using K8sAiops.Testing.ChatReceivers;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Activities.Tests.Notify;

/// <summary>Sending: signatures, filters, retries and their limits, permanent errors, and no duplicates.</summary>
public sealed class DeliveryTests
{
    [Theory]
    [InlineData(ChannelKinds.Feishu, "feishu-signing-secret")]
    [InlineData(ChannelKinds.DingTalk, "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd")]
    [InlineData(ChannelKinds.Webhook, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData(ChannelKinds.Webhook, "a raw shared secret")]
    public async Task NotifyChannels_Secret_IsSignedAndVerifiedByTheReceiver(string kind, string secret)
    {
        await using var receiver = NotifyFixture.Receiver(kind, secret);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url, secret));

        var outcome = await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        var delivery = Assert.Single(outcome.Deliveries);
        Assert.True(delivery.Status == DeliveryStatuses.Sent, $"{delivery.Detail}; {string.Join("; ", receiver.Rejected.Select(r => r.Error))}");
        Assert.Single(receiver.Messages);
    }

    [Theory]
    [InlineData(ChannelKinds.Feishu, "code 19021: sign match fail or timestamp is not within one hour from current time")]
    [InlineData(ChannelKinds.DingTalk, "errcode 310000: sign not match")]
    [InlineData(ChannelKinds.Webhook, "401")]
    public async Task NotifyChannels_WrongSecret_FailsWithThePlatformsMessageAndIsNotRetried(string kind, string expected)
    {
        await using var receiver = NotifyFixture.Receiver(kind, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url, "SECnot-the-right-secret"));

        var outcome = await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        var delivery = Assert.Single(outcome.Failed);
        Assert.Contains(expected, delivery.Detail, StringComparison.Ordinal);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(1, receiver.PostCount);
        Assert.Empty(receiver.Messages);
    }

    [Fact]
    public async Task NotifyChannels_DingTalk_SendsAStableMsgUuid()
    {
        await using var receiver = new DingTalkReceiver();
        using var services = NotifyFixture.Build(NotifyFixture.Channel(ChannelKinds.DingTalk, receiver.Url));
        receiver.ThrottleNext(1);

        await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        var uuids = receiver.All.Select(m => m.Payload.GetProperty("msgUuid").GetString()).ToList();
        Assert.Equal(2, uuids.Count);
        Assert.Single(uuids.Distinct());
    }

    [Fact]
    public async Task NotifyChannels_Filters_SkipChannelsBySeverityNamespaceAndTheCardsChannelList()
    {
        await using var slack = new SlackReceiver();
        await using var teams = new TeamsReceiver();
        await using var webhook = new WebhookReceiver();
        var settings = NotifyFixture.Channel(ChannelKinds.Slack, slack.Url);
        settings["Notify:Channels:0:MinSeverity"] = "critical";
        NotifyFixture.Channel(ChannelKinds.Teams, teams.Url, index: 1, into: settings);
        settings["Notify:Channels:1:Namespaces:0"] = "payments";
        NotifyFixture.Channel(ChannelKinds.Webhook, webhook.Url, index: 2, into: settings);
        settings["Notify:Channels:2:Name"] = "oncall";
        using var services = NotifyFixture.Build(settings);

        var warning = await NotifyFixture.RunAsync(services, NotifyFixture.Card(severity: "warning", ns: "shop"), taskId: 1);
        var onlySlack = await NotifyFixture.RunAsync(services, NotifyFixture.Card(severity: "critical", ns: "payments") with { Channels = ["slack-0"] }, taskId: 2);

        Assert.Equal(["skipped", "skipped", "sent"], warning.Deliveries.Select(d => d.Status));
        Assert.Contains("below the channel's critical", warning.Deliveries[0].Detail, StringComparison.Ordinal);
        Assert.Contains("payments", warning.Deliveries[1].Detail, StringComparison.Ordinal);
        Assert.Equal(["sent", "skipped", "skipped"], onlySlack.Deliveries.Select(d => d.Status));
        Assert.Single(slack.Messages);
        Assert.Equal(0, teams.PostCount);
        Assert.Single(webhook.Messages);
    }

    [Fact]
    public async Task NotifyChannels_429WithRetryAfter_WaitsAsAskedThenSends()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var receiver = new SlackReceiver(time);
        var settings = NotifyFixture.Channel(ChannelKinds.Slack, receiver.Url);
        settings["Notify:RetryDelay"] = "00:01:00";
        settings["Notify:MaxRetryDelay"] = "00:02:00";
        using var services = NotifyFixture.Build(settings, time);
        receiver.FailNext(1, ChatFault.TooManyRequests(retryAfterSeconds: 1));

        var run = NotifyFixture.RunAsync(services, NotifyFixture.Card());
        await WaitUntilAsync(() => receiver.PostCount == 1);
        await Task.Delay(300);
        time.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(300);
        Assert.Equal(1, receiver.PostCount);
        time.Advance(TimeSpan.FromMilliseconds(100));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));

        var delivery = Assert.Single(outcome.Deliveries);
        Assert.Equal(DeliveryStatuses.Sent, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
        Assert.Single(receiver.Messages);
    }

    [Fact]
    public async Task NotifyChannels_RetryAfterLongerThanTheCap_FailsWithoutWaiting()
    {
        await using var receiver = new SlackReceiver();
        using var services = NotifyFixture.Build(NotifyFixture.Channel(ChannelKinds.Slack, receiver.Url));
        receiver.FailNext(1, ChatFault.TooManyRequests(retryAfterSeconds: 600));

        var outcome = await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        var delivery = Assert.Single(outcome.Failed);
        Assert.Contains("asked to wait 600 s", delivery.Detail, StringComparison.Ordinal);
        Assert.Equal(1, receiver.PostCount);
    }

    [Theory]
    [InlineData(ChannelKinds.Feishu)]
    [InlineData(ChannelKinds.WeCom)]
    [InlineData(ChannelKinds.DingTalk)]
    [InlineData(ChannelKinds.Slack)]
    [InlineData(ChannelKinds.Teams)]
    public async Task NotifyChannels_Throttled_RetriesThenSends(string kind)
    {
        await using var receiver = NotifyFixture.Receiver(kind);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url));
        receiver.ThrottleNext(2);

        var outcome = await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        var delivery = Assert.Single(outcome.Deliveries);
        Assert.Equal(DeliveryStatuses.Sent, delivery.Status);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(3, receiver.PostCount);
    }

    [Theory]
    [InlineData(ChannelKinds.Slack, 404, "channel_not_found", "channel_not_found")]
    [InlineData(ChannelKinds.WeCom, 200, """{"errcode":93000,"errmsg":"invalid webhook url"}""", "errcode 93000: invalid webhook url")]
    [InlineData(ChannelKinds.DingTalk, 200, """{"errcode":310000,"errmsg":"keywords not in content"}""", "errcode 310000: keywords not in content")]
    [InlineData(ChannelKinds.Feishu, 200, """{"code":19024,"msg":"Key Words Not Found"}""", "code 19024: Key Words Not Found")]
    public async Task NotifyChannels_PermanentError_IsSurfacedAndNotRetried(string kind, int status, string body, string expected)
    {
        await using var receiver = NotifyFixture.Receiver(kind);
        using var services = NotifyFixture.Build(NotifyFixture.Channel(kind, receiver.Url));
        receiver.FailNext(1, new ChatFault(status, body));

        var outcome = await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        var delivery = Assert.Single(outcome.Failed);
        Assert.Contains(expected, delivery.Detail, StringComparison.Ordinal);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(1, receiver.PostCount);
    }

    [Fact]
    public async Task NotifyChannels_TransientUntilRetriesRunOut_FailsAndARedeliveryTriesAgain()
    {
        await using var receiver = new TeamsReceiver();
        var tables = new InMemoryRecordTables();
        using var services = NotifyFixture.Build(NotifyFixture.Channel(ChannelKinds.Teams, receiver.Url), tables: tables);
        receiver.FailNext(4, ChatFault.ServerError(502));

        var first = await NotifyFixture.RunAsync(services, NotifyFixture.Card());
        var again = await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        var failed = Assert.Single(first.Failed);
        Assert.Equal(4, failed.Attempts);
        Assert.Contains("gave up after 4 attempts", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatuses.Sent, Assert.Single(again.Deliveries).Status);
        Assert.Equal(5, receiver.PostCount);
        Assert.Single(receiver.Messages);
    }

    [Fact]
    public async Task NotifyChannels_SameIdempotencyKeyTwice_PostsOncePerChannel()
    {
        await using var slack = new SlackReceiver();
        await using var feishu = new FeishuReceiver();
        var settings = NotifyFixture.Channel(ChannelKinds.Slack, slack.Url);
        NotifyFixture.Channel(ChannelKinds.Feishu, feishu.Url, index: 1, into: settings);
        var tables = new InMemoryRecordTables();
        using var services = NotifyFixture.Build(settings, tables: tables);

        var first = await NotifyFixture.RunAsync(services, NotifyFixture.Card());
        var second = await NotifyFixture.RunAsync(services, NotifyFixture.Card());
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NotifyFixture.RunAsync(services, NotifyFixture.Card(), taskId: 9)));
        var otherTask = await NotifyFixture.RunAsync(services, NotifyFixture.Card(), taskId: 5);

        Assert.All(first.Deliveries, d => Assert.Equal(DeliveryStatuses.Sent, d.Status));
        Assert.All(second.Deliveries, d => Assert.Equal(DeliveryStatuses.Duplicate, d.Status));
        Assert.Equal(2, concurrent.SelectMany(o => o.Deliveries).Count(d => d.Status == DeliveryStatuses.Sent));
        Assert.All(otherTask.Deliveries, d => Assert.Equal(DeliveryStatuses.Sent, d.Status));
        Assert.Equal(3, slack.PostCount);
        Assert.Equal(3, feishu.PostCount);
        var record = await tables.Get(DeliveryLedger.TableName).GetAsync(RecordKeys.Escape("alert-1:exec-1:4"), "slack-0");
        Assert.Equal(DeliveryStatuses.Sent, record?["Status"]);
    }

    [Fact]
    public async Task NotifyChannels_OneChannelUnreachable_OthersStillSendAndNothingThrows()
    {
        await using var slack = new SlackReceiver();
        var closed = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/hook");
        var settings = NotifyFixture.Channel(ChannelKinds.Webhook, closed);
        NotifyFixture.Channel(ChannelKinds.Slack, slack.Url, index: 1, into: settings);
        using var services = NotifyFixture.Build(settings);

        var outcome = await NotifyFixture.RunAsync(services, NotifyFixture.Card());

        Assert.Equal("webhook-0", Assert.Single(outcome.Failed).Channel);
        Assert.Contains("HttpRequestException", outcome.Failed[0].Detail, StringComparison.Ordinal);
        Assert.Equal(["webhook-0", "slack-1"], outcome.Deliveries.Select(d => d.Channel));
        Assert.Single(slack.Messages);
        Assert.Contains("failed: webhook-0", outcome.Describe(), StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException("The condition did not become true within 10 s.");
            await Task.Delay(10);
        }
    }
}
