using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using K8sAiops.Activities.Redaction;

namespace K8sAiops.Activities.Tests.Redaction;

public sealed partial class RedactorTests
{
    private static readonly Redactor Redactor = Redactor.Default;

    [Fact]
    public void Redact_SecretCorpus_MasksEverySecretAndLeavesNoneOfItsValue()
    {
        var failures = new List<string>();
        var lines = RedactionCorpus.SecretLines();
        foreach (var (line, secrets) in lines)
        {
            var result = Redactor.RedactWithCount(line);
            if (result.Count < secrets.Count || !result.Text.Contains("[REDACTED:", StringComparison.Ordinal))
            {
                failures.Add($"masked {result.Count} of {secrets.Count}: {result.Text}");
            }

            foreach (var secret in secrets)
            {
                if (SurvivingPiece(line, secret, result.Text) is { } piece)
                {
                    failures.Add($"'{piece}' of '{secret}' survived: {result.Text}");
                }
            }
        }

        Assert.True(lines.Count >= 60, $"The secret corpus shrank to {lines.Count} lines.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// A piece of the secret (4 characters, or all of a shorter one) left in the output outside the markers, unless that
    /// piece also occurs in the line's text around the secret.
    /// </summary>
    private static string? SurvivingPiece(string line, string secret, string output)
    {
        var at = line.IndexOf(secret, StringComparison.Ordinal);
        var context = line[..at] + "\n" + line[(at + secret.Length)..];
        var unmasked = Markers().Replace(output, "\n");
        var width = Math.Min(4, secret.Length);
        for (var i = 0; i + width <= secret.Length; i++)
        {
            var piece = secret.Substring(i, width);
            if (unmasked.Contains(piece, StringComparison.Ordinal) && !context.Contains(piece, StringComparison.Ordinal))
            {
                return piece;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\[REDACTED:[a-z-]+\]")]
    private static partial Regex Markers();

    [Fact]
    public void Redact_OrdinaryCorpus_LeavesEveryLineByteForByteUnchanged()
    {
        var text = RedactionCorpus.OrdinaryText();
        var changed = text.Split('\n')
            .Select(line => (line, result: Redactor.RedactWithCount(line)))
            .Where(x => x.result.Count > 0 || x.result.Text != x.line)
            .Select(x => $"{x.line}{Environment.NewLine}  became {x.result.Text}")
            .ToList();

        Assert.True(changed.Count == 0, string.Join(Environment.NewLine, changed));
        var whole = Redactor.RedactWithCount(text);
        Assert.Equal(0, whole.Count);
        Assert.Same(text, whole.Text);
    }

    [Theory]
    [InlineData("Authorization: Bearer abcDEF0123456789.xyz", "Authorization: Bearer [REDACTED:bearer-token]")]
    [InlineData("authorization=Basic YWRtaW46czNjcjN0", "authorization=Basic [REDACTED:basic-auth]")]
    [InlineData("call failed (Bearer 0123456789abcdefXYZ)", "call failed (Bearer [REDACTED:bearer-token])")]
    [InlineData("dsn=postgres://app:s3cr3t@db:5432/orders", "dsn=postgres://app:[REDACTED:url-password]@db:5432/orders")]
    [InlineData("Server=db;User ID=sa;Password=my pass word;Encrypt=true", "Server=db;User ID=sa;Password=[REDACTED:password];Encrypt=true")]
    [InlineData("AccountName=a;AccountKey=abc+/def==;EndpointSuffix=core.windows.net", "AccountName=a;AccountKey=[REDACTED:azure-key];EndpointSuffix=core.windows.net")]
    [InlineData("GET /c/b?sv=2021-08-06&sig=abc%2Fdef%3D&se=2024-06-01 200", "GET /c/b?sv=2021-08-06&sig=[REDACTED:sas-signature]&se=2024-06-01 200")]
    [InlineData("key id AKIAIOSFODNN7EXAMPLE in use", "key id [REDACTED:aws-access-key-id] in use")]
    [InlineData("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key=[REDACTED:aws-secret-access-key]")]
    [InlineData("x ghp_TestOnly0123456789abcdefghijKLMNOPQR y", "x [REDACTED:github-token] y")]
    [InlineData("token xoxb-123456789012-TestOnlyAbCdEf", "token [REDACTED:slack-token]")]
    [InlineData("key=AIzaSyTEST0123456789abcdefghijKLMNOPqrs", "key=[REDACTED:google-key]")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl done", "jwt [REDACTED:jwt] done")]
    [InlineData("{\"password\": \"hunter2\", \"user\": \"bob\"}", "{\"password\": \"[REDACTED:password]\", \"user\": \"bob\"}")]
    [InlineData("  client_secret: abc123def456", "  client_secret: [REDACTED:secret]")]
    [InlineData("db_passwd: 'pa ss'", "db_passwd: '[REDACTED:password]'")]
    [InlineData("level=warn user=bob password=hunter2 retry=1", "level=warn user=bob password=[REDACTED:password] retry=1")]
    [InlineData("GET /ws?access_token=abc123&v=2", "GET /ws?access_token=[REDACTED:token]&v=2")]
    [InlineData("X-API-Key: k-0123456789", "X-API-Key: [REDACTED:api-key]")]
    [InlineData("kubeadm join --token abcdef.0123456789abcdef", "kubeadm join --token [REDACTED:token]")]
    public void Redact_KnownShape_KeepsItsContextAndMasksOnlyTheSecret(string input, string expected)
        => Assert.Equal(expected, Redactor.Redact(input));

    [Theory]
    [InlineData("  token: |")]
    [InlineData("kubelet --token /var/run/secrets/kubernetes.io/serviceaccount/token")]
    [InlineData("Password: Expired")]
    [InlineData("api_key: <your-api-key>")]
    [InlineData("password=%s user=%s")]
    [InlineData("token: xxxxxxxx")]
    [InlineData("url: https://user@example.com:8443/path?q=1#frag")]
    [InlineData("Bearer token required for /api")]
    public void Redact_LooksLikeASecretButIsNot_IsUnchanged(string input)
        => Assert.Equal(input, Redactor.Redact(input));

    [Fact]
    public void Redact_PemPrivateKeyBlock_MasksTheWholeBlockAcrossLines()
    {
        var text = "loading key\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtestonly\nabcDEF0123+/==\n-----END RSA PRIVATE KEY-----\nkey loaded";

        Assert.Equal("loading key\n[REDACTED:private-key]\nkey loaded", Redactor.Redact(text));
    }

    [Fact]
    public void Redact_PemBlockCutShort_MasksItsBody()
    {
        var text = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nMIIEowIBAAKCAQEAtestonly";

        var result = Redactor.RedactWithCount(text);

        Assert.Equal("[REDACTED:private-key]", result.Text);
        Assert.Equal(1, result.Count);
    }

    [Fact]
    public void RedactWithCount_SeveralSecrets_CountsEachAndListsTheirKinds()
    {
        var result = Redactor.RedactWithCount(
            "password=a1b2c3 token=t0k3n-1 url=https://u:p4ss@h/ other_password=x9y8");

        Assert.Equal(4, result.Count);
        Assert.Equal(["password", "token", "url-password"], result.Kinds);
    }

    [Fact]
    public void Redact_AlreadyRedactedText_IsLeftAsIs()
    {
        foreach (var (line, _) in RedactionCorpus.SecretLines())
        {
            var once = Redactor.Redact(line);
            var twice = Redactor.RedactWithCount(once);

            Assert.Equal(once, twice.Text);
            Assert.Equal(0, twice.Count);
        }
    }

    [Fact]
    public void RedactWithCount_OneMegabyteLog_FindsTheSecrets()
    {
        var ordinary = RedactionCorpus.OrdinaryText().Split('\n');
        var secrets = RedactionCorpus.SecretLines();
        var log = new StringBuilder(1_100_000);
        for (var i = 0; log.Length < 1_000_000; i++)
        {
            log.Append(i % 10 == 0 ? secrets[i / 10 % secrets.Count].Line : ordinary[i % ordinary.Length]).Append('\n');
        }

        var text = log.ToString();

        var result = Redactor.RedactWithCount(text);

        Assert.True(result.Count > 500, $"Only {result.Count} secrets found in the 1 MB log.");
    }

    /// <summary>
    /// Inputs built to make a backtracking engine go quadratic or worse, and one that is nothing but secrets.
    /// A megabyte of each must still take well under the limit (a quadratic engine would take minutes).
    /// </summary>
    [Theory]
    [InlineData("password=")]
    [InlineData("password=a ")]
    [InlineData("\"password\":\"")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN abc\n")]
    [InlineData("Authorization: Digest a=b ")]
    [InlineData("http://a:")]
    [InlineData("https://u:")]
    [InlineData("Authorization: Bearer ")]
    [InlineData("eyJabcdefghij.")]
    [InlineData("a")]
    public void Redact_HostileRepetition_StaysLinear(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length));
        Redactor.Redact(text[..Math.Min(text.Length, 20_000)]);

        var watch = Stopwatch.StartNew();
        Redactor.Redact(text);
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"1 MB of '{unit}' took {watch.Elapsed.TotalMilliseconds:0} ms.");
    }
}
