using K8sAiops.Activities.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace K8sAiops.Activities.Remediate;

public static class RemediationServiceCollectionExtensions
{
    /// <summary>
    /// Remediation: <see cref="RemediationOptions"/> (section <c>Remediation</c>, validated at start), the policy, the
    /// breakers and locks, and the activities (transient). The host registers <c>IRecordTables</c>, <c>AuditLog</c>
    /// and <c>KubernetesClients</c> (<c>AddCollection</c>).
    /// </summary>
    public static IServiceCollection AddRemediation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSettings<RemediationOptions>(RemediationOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RemediationPolicy>();
        services.TryAddSingleton<RemediationBreaker>();
        services.TryAddSingleton<RemediationLocks>();
        services.TryAddTransient<PlanRemediation>();
        services.TryAddTransient<ApplyRemediation>();
        services.TryAddTransient<VerifyRemediation>();
        services.TryAddTransient<RecordVerification>();
        services.TryAddTransient<ReleaseRemediation>();
        return services;
    }
}
