using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Records;
using K8sAiops.Activities.Remediate;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Tests.Remediate;

public sealed class RemediationOptionsTests
{
    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IRecordTables>(new InMemoryRecordTables());
        services.AddSingleton<AuditLog>();
        services.AddCollection(configuration);
        services.AddRemediation(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new RemediationOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.VerifyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.VerifyInterval);
        Assert.Equal(3, options.BreakerThreshold);
        Assert.Equal(TimeSpan.FromHours(6), options.LockTimeout);
        Assert.Empty(options.AutoApproveRisks);
        Assert.Equal([ActionKinds.RestartWorkload, ActionKinds.DeletePod, ActionKinds.Scale, ActionKinds.PatchMemoryLimit, ActionKinds.PatchCpuLimit, ActionKinds.Rollback], options.EffectiveAllowedActions);
        Assert.Equal([ActionKinds.CordonNode], options.EffectiveClusterActions);
    }

    [Fact]
    public void AddRemediation_BoundSettings_ReplaceDefaultLists()
    {
        using var provider = Provider(new()
        {
            ["Remediation:AllowedActions:0"] = "restart-workload",
            ["Remediation:AutoApproveRisks:0"] = "low",
            ["Remediation:Namespaces:payments:AllowedActions:0"] = "scale",
            ["Remediation:BreakerThreshold"] = "5",
        });

        var options = provider.GetRequiredService<IOptions<RemediationOptions>>().Value;

        Assert.Equal(["restart-workload"], options.EffectiveAllowedActions);
        Assert.Equal(["low"], options.AutoApproveRisks);
        Assert.Equal(["scale"], options.Namespaces["payments"].AllowedActions);
        Assert.Equal(5, options.BreakerThreshold);
        Assert.NotNull(provider.GetRequiredService<PlanRemediation>());
        Assert.NotNull(provider.GetRequiredService<ApplyRemediation>());
        Assert.NotNull(provider.GetRequiredService<VerifyRemediation>());
        Assert.NotNull(provider.GetRequiredService<RecordVerification>());
        Assert.NotNull(provider.GetRequiredService<ReleaseRemediation>());
    }

    [Theory]
    [InlineData("Remediation:AllowedActions:0", "drain-node", "Setting Remediation:AllowedActions is invalid: 'drain-node' is not a remediation action")]
    [InlineData("Remediation:AutoApproveRisks:0", "tiny", "Setting Remediation:AutoApproveRisks is invalid: 'tiny' is not a risk")]
    [InlineData("Remediation:ClusterActions:0", "scale", "Setting Remediation:ClusterActions is invalid: 'scale' acts on namespaced objects")]
    [InlineData("Remediation:Namespaces:shop:AllowedActions:0", "restart", "Setting Remediation:Namespaces:shop:AllowedActions is invalid")]
    [InlineData("Remediation:BreakerThreshold", "0", "Setting Remediation:BreakerThreshold is invalid")]
    [InlineData("Remediation:VerifyInterval", "00:10:00", "Setting Remediation:VerifyInterval is invalid: The verify interval")]
    [InlineData("Remediation:LockTimeout", "00:02:00", "Setting Remediation:LockTimeout is invalid: The lock timeout")]
    public void AddRemediation_BadSetting_FailsNamingIt(string key, string value, string message)
    {
        using var provider = Provider(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RemediationOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
