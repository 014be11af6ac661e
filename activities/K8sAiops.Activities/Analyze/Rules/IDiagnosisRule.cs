namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>One taxonomy category's rule: looks at the evidence and names zero or more candidate causes.</summary>
internal interface IDiagnosisRule
{
    /// <summary>The taxonomy id (<see cref="Categories"/>) the rule names.</summary>
    string Category { get; }

    IEnumerable<Candidate> Evaluate(RuleContext context);
}
