using K8sAiops.Activities.Notify;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Tests.Notify;

/// <summary><see cref="NotifyOptions"/>: binding, defaults, the old webhook setting, and start-up messages naming the key.</summary>
public sealed class NotifyOptionsTests
{
    private static OptionsValidationException StartFails(Dictionary<string, string?> settings)
    {
        using var services = NotifyFixture.Build(settings);
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    private static IReadOnlyList<ChatChannel> Channels(Dictionary<string, string?> settings)
    {
        using var services = NotifyFixture.Build(settings);
        services.GetRequiredService<IStartupValidator>().Validate();
        return services.GetRequiredService<IOptions<NotifyOptions>>().Value.Resolve();
    }

    [Fact]
    public void AddChatChannels_Channels_BindWithDefaultNamesSeveritiesAndFormats()
    {
        var channels = Channels(new()
        {
            ["Notify:Channels:0:Kind"] = "slack",
            ["Notify:Channels:0:Url"] = "https://hooks.slack.com/services/T1/B1/x",
            ["Notify:Channels:1:Kind"] = "Lark",
            ["Notify:Channels:1:Url"] = "https://open.larksuite.com/open-apis/bot/v2/hook/t",
            ["Notify:Channels:1:MinSeverity"] = "Critical",
            ["Notify:Channels:1:Namespaces:0"] = "shop",
            ["Notify:Channels:2:Kind"] = "DingTalk",
            ["Notify:Channels:2:Name"] = "ops-dingtalk",
            ["Notify:Channels:2:Url"] = "https://oapi.dingtalk.com/robot/send?access_token=t",
            ["Notify:Channels:3:Kind"] = "WeCom",
            ["Notify:Channels:3:Url"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            ["Notify:Channels:3:Format"] = "TEMPLATE_CARD",
        });

        Assert.Equal(["slack-0", "feishu-1", "ops-dingtalk", "wecom-3"], channels.Select(c => c.Name));
        Assert.Equal([ChannelKinds.Slack, ChannelKinds.Feishu, ChannelKinds.DingTalk, ChannelKinds.WeCom], channels.Select(c => c.Kind));
        Assert.Equal("info", channels[0].MinSeverity);
        Assert.Equal("critical", channels[1].MinSeverity);
        Assert.Equal(["shop"], channels[1].Namespaces);
        Assert.Equal(ChannelFormats.ActionCard, channels[2].Format);
        Assert.Equal(ChannelFormats.TemplateCard, channels[3].Format);
    }

    [Fact]
    public void AddChatChannels_OldWebhookUrl_AddsAWebhookChannelNamedWebhook()
    {
        var channels = Channels(new() { ["Notify:Webhook:Url"] = "http://receiver:8080/hooks/oncall" });

        var channel = Assert.Single(channels);
        Assert.Equal(("webhook", ChannelKinds.Webhook), (channel.Name, channel.Kind));
        Assert.Equal(new Uri("http://receiver:8080/hooks/oncall"), channel.Url);
    }

    [Fact]
    public void AddChatChannels_NothingConfigured_StartsWithNoChannels() => Assert.Empty(Channels([]));

    [Theory]
    [InlineData("Notify:Channels:0:Url", null, "Notify:Channels:0:Url is invalid: The webhook URL is missing.")]
    [InlineData("Notify:Channels:0:Url", "hooks.slack.com/services/x", "Notify:Channels:0:Url is invalid: The webhook URL is not an absolute http or https URL.")]
    [InlineData("Notify:Channels:0:Url", "ftp://hooks.example.com/x", "Notify:Channels:0:Url is invalid")]
    [InlineData("Notify:Channels:0:Kind", "Discord", "Notify:Channels:0:Kind is invalid: 'Discord' is not a channel kind; use one of Slack, Teams, Feishu, WeCom, DingTalk, Webhook")]
    [InlineData("Notify:Channels:0:Kind", null, "Notify:Channels:0:Kind is invalid: Kind is missing")]
    [InlineData("Notify:Channels:0:MinSeverity", "urgent", "Notify:Channels:0:MinSeverity is invalid: 'urgent' is not a severity; use info, warning, critical.")]
    [InlineData("Notify:Channels:0:Format", "template_card", "Notify:Channels:0:Format is invalid: 'template_card' is not a DingTalk format; use actionCard or markdown.")]
    [InlineData("Notify:Channels:0:Secret", "whsec_not base64!", "Notify:Channels:0:Secret is invalid")]
    public void AddChatChannels_BadSetting_FailsAtStartNamingTheKey(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notify:Channels:0:Kind"] = key.EndsWith(":Secret", StringComparison.Ordinal) ? "Webhook" : "DingTalk",
            ["Notify:Channels:0:Url"] = "https://oapi.dingtalk.com/robot/send?access_token=t",
        };
        settings[key] = value;

        var error = StartFails(settings);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddChatChannels_TwoChannelsWithOneName_FailsAtStartNamingBoth()
    {
        var error = StartFails(new()
        {
            ["Notify:Channels:0:Kind"] = "Slack",
            ["Notify:Channels:0:Url"] = "https://hooks.slack.com/services/a",
            ["Notify:Channels:1:Kind"] = "Slack",
            ["Notify:Channels:1:Name"] = "SLACK-0",
            ["Notify:Channels:1:Url"] = "https://hooks.slack.com/services/b",
        });

        Assert.Contains("Notify:Channels:1:Name is invalid: The name 'SLACK-0' is taken by Notify:Channels:0", error.Message, StringComparison.Ordinal);
    }
}
