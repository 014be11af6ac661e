namespace K8sAiops.Activities.Redaction;

/// <summary>
/// One shape of secret: a regular-expression fragment whose named groups span exactly the secret values; the rest of
/// the match (a header name, a key, a URL's user and host) is kept. All fragments are joined into one alternation and
/// tried in the order listed, so at the same position an earlier rule wins.
/// </summary>
internal sealed record SecretRule(string Pattern, params SecretGroup[] Groups);

/// <summary>A group of a <see cref="SecretRule"/> that holds a secret.</summary>
/// <param name="Name">The capture group's name.</param>
/// <param name="Kind">The marker's label, e.g. "bearer-token"; null when it follows from the key.</param>
/// <param name="KeyGroup">
/// For key/value shapes, the group holding the key: the value is then judged by <see cref="KeyValueJudge"/> (placeholders,
/// prose and paths are left alone) and, when <paramref name="Kind"/> is null, the kind is read from the key.
/// </param>
internal sealed record SecretGroup(string Name, string? Kind, string? KeyGroup = null);
