using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Configuration;

/// <summary>
/// Validates an options class with its data annotations and names each failing setting by its
/// configuration key (<c>Durable:PartitionCount</c>), so a bad setting fails at start saying which.
/// For named options, <paramref name="optionsName"/> says which instance the section belongs to.
/// </summary>
public sealed class SettingsValidator<TOptions>(string section, string? optionsName = null) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if ((name ?? Options.DefaultName) != (optionsName ?? Options.DefaultName))
        {
            return ValidateOptionsResult.Skip;
        }

        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(r =>
        {
            var members = r.MemberNames.Any() ? r.MemberNames : [string.Empty];
            var keys = string.Join(", ", members.Select(KeyOf));
            return $"Setting {keys} is invalid: {r.ErrorMessage}";
        }));
    }

    private string KeyOf(string member)
        => section.Length == 0 ? member : member.Length == 0 ? section : $"{section}:{member}";
}

public static class SettingsServiceCollectionExtensions
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validated at start with setting names in the messages.</summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(section));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
