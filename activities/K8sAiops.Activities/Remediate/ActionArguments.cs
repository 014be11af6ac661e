using System.Text.RegularExpressions;
using K8sAiops.Activities.Analyze;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// An action's parameters (<see cref="ProposedAction.Parameters"/>, keys of <see cref="ActionParameters"/>), falling
/// back to the kubectl commands it carries (<c>-c app</c>, <c>--limits=memory=768Mi</c>, <c>--replicas=3</c>,
/// <c>--to-revision=2</c>) for actions proposed without them, e.g. by a language model.
/// </summary>
internal static partial class ActionArguments
{
    public static string? Get(ProposedAction action, string key)
    {
        if (action.Parameters.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            return value.Trim();
        foreach (var command in action.Commands)
        {
            if (FromCommand(command, key) is { } found)
                return found;
        }
        return null;
    }

    private static string? FromCommand(string command, string key)
    {
        var match = key switch
        {
            ActionParameters.Container => Container().Match(command),
            ActionParameters.Memory => Limit().Matches(command).FirstOrDefault(m => m.Groups["resource"].Value == "memory"),
            ActionParameters.Cpu => Limit().Matches(command).FirstOrDefault(m => m.Groups["resource"].Value == "cpu"),
            ActionParameters.Replicas => Replicas().Match(command),
            ActionParameters.Revision => Revision().Match(command),
            _ => null,
        };
        return match is { Success: true } ? match.Groups["value"].Value : null;
    }

    [GeneratedRegex(@"(?:^|\s)(?:-c|--containers?)(?:=|\s+)(?<value>[a-z0-9][-a-z0-9.]*)")]
    private static partial Regex Container();

    [GeneratedRegex(@"--limits=(?:[a-z]+=[^,\s]+,)*?(?<resource>memory|cpu)=(?<value>[^,\s]+)")]
    private static partial Regex Limit();

    [GeneratedRegex(@"--replicas(?:=|\s+)(?<value>\d+)")]
    private static partial Regex Replicas();

    [GeneratedRegex(@"--to-revision(?:=|\s+)(?<value>\d+)")]
    private static partial Regex Revision();
}
