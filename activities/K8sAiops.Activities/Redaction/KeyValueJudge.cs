using System.Text.RegularExpressions;

namespace K8sAiops.Activities.Redaction;

/// <summary>
/// Decides whether the value of a secret-looking key is a secret worth masking, so ordinary text stays untouched:
/// placeholders (<c>null</c>, <c>***</c>, <c>${DB_PASSWORD}</c>, <c>{{ .Values.token }}</c>), status words
/// ("password: required"), prose ("failed to refresh token: the server …"), paths (<c>PWD=/home/app</c>) and
/// non-secret tokens (<c>nextPageToken</c>, <c>max_tokens</c>) are left alone; and names the kind of what is masked.
/// </summary>
internal static class KeyValueJudge
{
    private static readonly HashSet<string> NotSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "null", "nil", "none", "<nil>", "<none>", "undefined", "empty",
        "redacted", "<redacted>", "[redacted]", "hidden", "masked", "unset", "set", "missing", "required", "optional",
        "ok", "success", "succeeded", "successful", "failed", "failure", "error", "invalid", "valid", "expired", "denied",
        "accepted", "rejected", "changed", "updated", "reset", "present", "absent", "provided", "enabled", "disabled",
        "unknown", "n/a", "-",
    };

    /// <summary>Key prefixes that make a "…token" key something other than a credential (pagination, LLM usage).</summary>
    private static readonly string[] NonSecretPrefixes =
    [
        "next", "page", "continue", "continuation", "resume", "sync", "cancellation", "max", "min", "num", "total",
        "prompt", "completion", "input", "output", "cached",
    ];

    public static bool ShouldMask(string input, Group key, Group value, bool quoted)
    {
        var text = value.ValueSpan;
        if (text.IsEmpty || NotSecrets.Contains(value.Value) || IsPlaceholder(text))
        {
            return false;
        }

        var keySpan = key.ValueSpan;
        var isFlag = key.Index >= 2 && input[key.Index - 1] == '-' && input[key.Index - 2] == '-';
        if ((keySpan.EndsWith("pwd", StringComparison.OrdinalIgnoreCase) || isFlag) && text[0] is '/' or '~' or '.')
        {
            return false;
        }

        if (HasNonSecretPrefix(input, key))
        {
            return false;
        }

        var separator = input.AsSpan(key.Index + key.Length, value.Index - key.Index - key.Length);
        if (!quoted && !separator.Contains('=') && IsProse(input, value))
        {
            return false;
        }

        return !keySpan.Equals("auth", StringComparison.OrdinalIgnoreCase) || LooksLikeCredential(text);
    }

    /// <summary>The marker's kind from the full key name, e.g. "aws_secret_access_key" → "aws-secret-access-key".</summary>
    public static string KindOf(string input, Group key)
    {
        var full = FullKey(input, key).ToLowerInvariant();
        if (full.Contains("pass", StringComparison.Ordinal) || full.EndsWith("pwd", StringComparison.Ordinal))
        {
            return "password";
        }

        if (full.Contains("secret", StringComparison.Ordinal))
        {
            return full.Contains("aws", StringComparison.Ordinal) ? "aws-secret-access-key" : "secret";
        }

        if (full.Contains("token", StringComparison.Ordinal))
        {
            return "token";
        }

        if (full.Contains("docker", StringComparison.Ordinal))
        {
            return "docker-config";
        }

        var compact = full.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return compact switch
        {
            _ when compact.EndsWith("apikey", StringComparison.Ordinal) => "api-key",
            _ when compact.EndsWith("accountkey", StringComparison.Ordinal) => "azure-key",
            _ when compact.EndsWith("privatekey", StringComparison.Ordinal) => "private-key",
            _ when compact.EndsWith("accesskey", StringComparison.Ordinal) => "access-key",
            _ => "auth",
        };
    }

    /// <summary>Markers, template and variable references, printf verbs, YAML block indicators (<c>token: |</c>), masks.</summary>
    private static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        if (value.StartsWith("[REDACTED:", StringComparison.Ordinal)
            || value[0] == '$'
            || value.StartsWith("{{", StringComparison.Ordinal)
            || value.StartsWith("%s", StringComparison.Ordinal)
            || value.StartsWith("%(", StringComparison.Ordinal)
            || (value[0] == '<' && value[^1] == '>')
            || (value[0] == '|' && value.Length <= 3))
        {
            return true;
        }

        // ****, xxxxxx, ......: already masked by whoever wrote the log.
        return value.Length >= 3 && value[0] is '*' or 'x' or 'X' or '.' or '#' && !value.ContainsAnyExcept(value[0]);
    }

    /// <summary>
    /// "token: the server has asked…" — after a colon (or a flag's space), a plain word followed by more words reads as a
    /// sentence, not a secret. Values after '=' are never taken for prose.
    /// </summary>
    private static bool IsProse(string input, Group value)
    {
        foreach (var c in value.ValueSpan)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        var after = value.Index + value.Length;
        return after + 1 < input.Length && input[after] == ' ' && char.IsLetter(input[after + 1]);
    }

    private static bool HasNonSecretPrefix(string input, Group key)
    {
        var full = FullKey(input, key);
        var prefix = full[..^key.Length].ToLowerInvariant().TrimEnd('_', '-', '.');
        foreach (var candidate in NonSecretPrefixes)
        {
            if (prefix.EndsWith(candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The key with the identifier characters before the matched keyword: "db_password", "spring.datasource.password".</summary>
    private static string FullKey(string input, Group key)
    {
        var start = key.Index;
        while (start > 0 && (char.IsAsciiLetterOrDigit(input[start - 1]) || input[start - 1] is '_' or '.' or '-'))
        {
            start--;
        }

        return input[start..(key.Index + key.Length)];
    }

    private static bool LooksLikeCredential(ReadOnlySpan<char> value)
        => value.Length >= 8 && value.IndexOfAny("0123456789+/=") >= 0;
}
