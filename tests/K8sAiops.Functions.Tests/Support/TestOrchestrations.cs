using System.Text.Json;
using K8sAiops.Durable;

namespace K8sAiops.Functions.Tests.Support;

/// <summary>Orchestrations the tests start; the product registers none of these.</summary>
internal static class TestOrchestrations
{
    public const string Greet = "Greet";
    public const string SayHello = "SayHello";
    public const string AwaitApproval = "AwaitApproval";
    public const string ApprovalEvent = "Approval";
    public const string Fail = "Fail";
    public const string Echo = "Echo";

    public static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<string[], List<string>>(Greet, async (context, names) =>
        {
            var greetings = new List<string>();
            foreach (var name in names)
            {
                greetings.Add(await context.CallActivityAsync<string>(SayHello, name));
            }

            return greetings;
        })
        .AddActivityFunc<string, string>(SayHello, (_, name) => $"Hello {name}!")
        .AddOrchestratorFunc<JsonElement?, JsonElement>(AwaitApproval, async (context, _) =>
        {
            context.SetCustomStatus(new { stage = "waiting" });
            return await context.WaitForExternalEvent<JsonElement>(ApprovalEvent);
        })
        .AddOrchestratorFunc<JsonElement?, string>(Fail, (_, _) => throw new InvalidOperationException("The test orchestration failed on purpose."))
        .AddOrchestratorFunc<JsonElement?, JsonElement?>(Echo, (_, input) => Task.FromResult(input));
}
