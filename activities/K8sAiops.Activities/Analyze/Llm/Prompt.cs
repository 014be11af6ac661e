namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>A built prompt: the system and user texts, their token count, and what was left out to fit the budget.</summary>
/// <param name="Tokens">o200k tokens of <paramref name="System"/> and <paramref name="User"/> together.</param>
/// <param name="Included">Evidence items in the prompt.</param>
/// <param name="LeftOut">Evidence items dropped to stay within the budget.</param>
public sealed record Prompt(string System, string User, int Tokens, int Included, int LeftOut);
