using System.Buffers.Text;
using System.Security.Cryptography;

namespace K8sAiops.Functions.Hosting;

/// <summary>
/// A secret the host generates once when none is configured (the function key, the approval signing key): kept in a
/// file only its owner may read, and reused on later starts.
/// </summary>
internal static class GeneratedKeyFile
{
    /// <summary>The key in <paramref name="path"/> when it holds one of at least <paramref name="minLength"/> characters; else a new random one written there.</summary>
    /// <param name="what">What the key is, for the log (<c>function key</c>).</param>
    /// <param name="setting">The setting that chooses a key instead, for the log.</param>
    public static string LoadOrCreate(string path, int minLength, ILogger logger, string what, string setting)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { } existing && existing.Length >= minLength)
        {
            logger.LogInformation("No {What} is configured; using the generated key in {KeyFile}", what, path);
            return existing;
        }

        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, key + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogWarning("No {What} is configured; generated one and wrote it to {KeyFile}. Set {Setting} to choose your own", what, path, setting);
        return key;
    }
}
