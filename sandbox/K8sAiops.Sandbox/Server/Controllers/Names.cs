namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>Generated names, from the alphabet the API server uses for <c>generateName</c> (no vowels, no confusable digits).</summary>
internal static class Names
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary><paramref name="prefix"/> followed by five random characters, e.g. <c>web-7d4b9c-x2x5k</c>.</summary>
    public static string Generate(string prefix, Func<string, bool> taken)
    {
        while (true)
        {
            var name = prefix + Suffix(5);
            if (!taken(name))
            {
                return name;
            }
        }
    }

    public static string Suffix(int length) => string.Create(length, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }
    });

    /// <summary>A stable short hash of <paramref name="text"/> in the same alphabet (a ReplicaSet's <c>pod-template-hash</c>).</summary>
    public static string Hash(string text, int length = 10)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return string.Create(length, hash, (span, h) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[(int)(h % (ulong)Alphabet.Length)];
                h /= (ulong)Alphabet.Length;
                h ^= h << 13;
            }
        });
    }
}
