using K8sAiops.Functions.Hosting;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Management;

/// <summary>
/// The keys that open the management API. Configured keys win; with none, a key is generated once,
/// written to <see cref="ManagementOptions.KeyFile"/> and reused on later starts.
/// </summary>
public sealed class FunctionKeys
{
    private const int MinKeyLength = 16;
    private readonly byte[][] _keys;

    public FunctionKeys(IOptions<ManagementOptions> options, IHostEnvironment environment, ILogger<FunctionKeys> logger)
    {
        var settings = options.Value;
        var configured = (settings.FunctionKeys ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Append(settings.MasterKey?.Trim())
            .OfType<string>()
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        if (configured.Count == 0)
        {
            KeyFile = Path.GetFullPath(settings.KeyFile, environment.ContentRootPath);
            configured.Add(GeneratedKeyFile.LoadOrCreate(KeyFile, MinKeyLength, logger, "function key",
                $"{ManagementOptions.Section}:{nameof(ManagementOptions.FunctionKeys)}"));
        }

        if (configured.FirstOrDefault(k => k.Length < MinKeyLength) is { } weak)
        {
            throw new OptionsValidationException(ManagementOptions.Section, typeof(ManagementOptions),
                [$"Setting {ManagementOptions.Section}:{nameof(ManagementOptions.FunctionKeys)}/{nameof(ManagementOptions.MasterKey)} holds a key of {weak.Length} characters; keys need at least {MinKeyLength}."]);
        }

        DefaultKey = configured[0];
        _keys = [.. configured.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>The key put into URLs this host hands out (check-status responses).</summary>
    public string DefaultKey { get; }

    /// <summary>Where the generated key lives; null when keys are configured.</summary>
    public string? KeyFile { get; }

    public bool IsValid(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(candidate);
        var match = false;
        foreach (var key in _keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(key, bytes);
        }

        return match;
    }
}

/// <summary>Resolves <see cref="FunctionKeys"/> while the host starts, so a bad key setting fails the start and a generated key exists before the first request.</summary>
internal sealed class FunctionKeysStartup(FunctionKeys keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(keys.DefaultKey);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
