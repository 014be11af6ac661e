using K8sAiops.Activities.Configuration;
using K8sAiops.Activities.Notify.Delivery;
using K8sAiops.Activities.Notify.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Notify;

public static class ChatChannelsServiceCollectionExtensions
{
    /// <summary>
    /// Chat channels: <see cref="NotifyOptions"/> (section <c>Notify</c>, validated at start naming the bad key, the old
    /// <c>Notify:Webhook:Url</c> included), the <see cref="ChannelPoster.HttpClientName"/> HttpClient, one renderer per
    /// platform, the delivery ledger and the <see cref="NotifyChannels"/> activity (transient). The host provides
    /// <c>IRecordTables</c> and <c>IApprovalLinks</c>; a <see cref="TimeProvider"/> is added when none is.
    /// </summary>
    public static IServiceCollection AddChatChannels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<NotifyOptions>>(new SettingsValidator<NotifyOptions>(NotifyOptions.SectionName));
        services.AddOptions<NotifyOptions>().Bind(configuration.GetSection(NotifyOptions.SectionName)).ValidateOnStart();

        services.AddHttpClient(ChannelPoster.HttpClientName, (sp, http) =>
        {
            // The poster's attempt timeout governs; this is only a backstop behind it.
            http.Timeout = sp.GetRequiredService<IOptions<NotifyOptions>>().Value.AttemptTimeout + TimeSpan.FromSeconds(30);
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelRenderer, SlackRenderer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelRenderer, TeamsRenderer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelRenderer, FeishuRenderer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelRenderer, WeComRenderer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelRenderer, DingTalkRenderer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelRenderer, WebhookRenderer>());

        services.TryAddSingleton<ChannelPoster>();
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddTransient<NotifyChannels>();
        return services;
    }
}
