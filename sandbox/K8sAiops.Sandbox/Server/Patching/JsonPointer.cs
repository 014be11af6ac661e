namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>RFC 6901 JSON Pointer: <c>/spec/template/spec/containers/0/image</c>, with <c>~1</c> for <c>/</c> and <c>~0</c> for <c>~</c>.</summary>
internal static class JsonPointer
{
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer \"{pointer}\": must start with '/'", unprocessable: false);
        }

        return pointer[1..].Split('/').Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }
}
