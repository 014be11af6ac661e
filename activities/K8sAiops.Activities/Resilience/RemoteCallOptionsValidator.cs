using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Resilience;

/// <summary>
/// Validates each remote's <see cref="RemoteCallOptions"/> with their data annotations and names the configuration key
/// of every bad value, e.g. "Collect:Loki:Resilience:AttemptTimeout: The field AttemptTimeout must be between …".
/// </summary>
internal sealed class RemoteCallOptionsValidator : IValidateOptions<RemoteCallOptions>
{
    public ValidateOptionsResult Validate(string? name, RemoteCallOptions options)
    {
        if (name is null || !RemoteCallNames.All.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        var section = RemoteCallNames.ResilienceSection(name);
        return ValidateOptionsResult.Fail(results.Select(r =>
            $"{section}:{r.MemberNames.FirstOrDefault() ?? "?"}: {r.ErrorMessage}"));
    }
}
