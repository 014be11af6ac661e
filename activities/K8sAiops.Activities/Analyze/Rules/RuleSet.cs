using K8sAiops.Activities.Analyze.Rules.Causes;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>Every category's rule, one per taxonomy id (cpu-throttling is left to metrics; no-issue is what remains).</summary>
internal static class RuleSet
{
    public static IReadOnlyList<IDiagnosisRule> All { get; } =
    [
        new OomKilledRule(), new CrashLoopRule(), new BadCommandRule(), new ImagePullRule(), new MissingConfigRule(),
        new InsufficientResourcesRule(), new SchedulingConstraintsRule(), new PvcPendingRule(), new VolumeMountRule(), new DiskFullRule(),
        new ProbeFailureRule(), new InitContainerFailureRule(), new QuotaExceededRule(), new NodePressureRule(), new NodeNotReadyRule(),
        new ServiceNoEndpointsRule(), new ServicePortMismatchRule(), new ScaledToZeroRule(), new DependencyUnavailableRule(), new RbacDeniedRule(),
        new HpaMisconfiguredRule(), new JobFailedRule(),
    ];
}
