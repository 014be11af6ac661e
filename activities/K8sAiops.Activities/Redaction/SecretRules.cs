namespace K8sAiops.Activities.Redaction;

/// <summary>
/// The secret shapes the <see cref="Redactor"/> knows, most specific first. Token formats follow their issuers'
/// documentation: AWS access key ids (AKIA/ASIA + 16), Google API keys (AIza + 35), Google OAuth client secrets
/// (GOCSPX-), GitHub tokens (ghp_/gho_/ghu_/ghs_/ghr_, github_pat_), Slack tokens (xoxb-/xoxp-/…, xapp-) and webhooks,
/// JWTs (three base64url segments, the header starting "eyJ"), PEM private keys.
/// </summary>
internal static class SecretRules
{
    /// <summary>Key names whose value is a secret when followed by '=' or ':' (case-insensitive, any prefix).</summary>
    private const string SecretKeys =
        "(?i:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|account[_-]?key|dockerconfigjson|dockercfg|auth)";

    public static IReadOnlyList<SecretRule> All { get; } =
    [
        // A whole PEM private key block, also when its newlines are escaped as \n inside a JSON string or flattened to
        // spaces; a block cut short (no END line) is masked as far as its base64 body goes. The body admits single
        // hyphens only (Proc-Type, DEK-Info) so that it stops at the next "-----" and never scans past it.
        new(@"(?<pem>-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:(?:[A-Za-z0-9+/=\s\\:,.]|-[A-Za-z0-9])*-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\r\n\\]*))",
            new SecretGroup("pem", "private-key")),

        // scheme://user:password@host keeps the user and the host.
        new(@"[A-Za-z][A-Za-z0-9+.-]*://[^\s:@/?#""'<>\[\]]*:(?<url>[A-Za-z0-9\-._~%!$&'()*+,;=:]+)@",
            new SecretGroup("url", "url-password")),

        // Azure connection strings: AccountKey=…; SharedAccessKey=…; SharedAccessSignature=sv=…&sig=…;
        new(@"\b(?i:AccountKey|SharedAccessKey|SharedAccessSignature)[ \t]*=[ \t]*(?<azure>[^;\s""'<>]+)",
            new SecretGroup("azure", "azure-key")),

        // Connection-string passwords end at ';' and may contain spaces: Password=my pass; Pwd=…;
        new(@"\b(?<cpk>(?i:password|pwd))[ \t]*=[ \t]*(?<cpv>[^;\r\n""'=]*[^;\r\n""'=\s])[ \t]*;",
            new SecretGroup("cpv", "password", "cpk")),

        // Authorization and Proxy-Authorization headers, also as JSON fields and Go map dumps. Digest and AWS SigV4
        // credentials (quoted, comma-separated parameters) are masked to the end of the line.
        new(@"\b(?i:(?:proxy-)?authorization)[""']?[ \t]*[:=][ \t]*\[?[""']?(?:(?i:bearer)[ \t]+(?<authbearer>[^\s""',;\]]+)|(?i:basic)[ \t]+(?<authbasic>[^\s""',;\]]+)|(?i:token|bot|apikey|ssws|sharedkey|negotiate|ntlm)[ \t]+(?<authtoken>[^\s""',;\]]+)|(?i:digest|aws4-hmac-sha256)[ \t]+(?<authother>[^\r\n]+))",
            new SecretGroup("authbearer", "bearer-token"),
            new SecretGroup("authbasic", "basic-auth"),
            new SecretGroup("authtoken", "authorization"),
            new SecretGroup("authother", "authorization")),

        // A bearer token outside a header ("… Bearer abc…"); 16+ characters so prose like "bearer token" stays.
        new(@"\b(?i:bearer)[ \t]+(?<bearer>[A-Za-z0-9\-._~+/]{16,}=*)",
            new SecretGroup("bearer", "bearer-token")),

        new(@"\b(?<jwt>eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)?)",
            new SecretGroup("jwt", "jwt")),

        new(@"\b(?<aws>(?:AKIA|ASIA)[A-Z0-9]{16})\b",
            new SecretGroup("aws", "aws-access-key-id")),

        new(@"\b(?<google>AIza[0-9A-Za-z_-]{35}|GOCSPX-[A-Za-z0-9_-]{28}|ya29\.[A-Za-z0-9_-]{20,})",
            new SecretGroup("google", "google-key")),

        new(@"\b(?<github>gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
            new SecretGroup("github", "github-token")),

        new(@"\b(?<slack>xox[abposr]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,})",
            new SecretGroup("slack", "slack-token")),

        new(@"hooks\.slack\.com/services/(?<slackhook>[A-Za-z0-9/_-]{16,})",
            new SecretGroup("slackhook", "slack-webhook")),

        // OpenAI-style (sk-…) and Stripe (sk_live_…, rk_live_…) API keys.
        new(@"\b(?<apikey>sk-[A-Za-z0-9_-]{20,}|[rs]k_(?:live|test)_[A-Za-z0-9]{16,})",
            new SecretGroup("apikey", "api-key")),

        // The signature of a shared access signature URL: ?sv=…&sig=…
        new(@"[?&](?i:sig)=(?<sig>[^&\s""'#<>]+)",
            new SecretGroup("sig", "sas-signature")),

        // Command-line flags with the value after a space: --password s3cret, --token abcdef.0123456789abcdef
        new(@"--(?<flagk>[A-Za-z0-9-]*(?i:password|passwd|token|secret|api-key|apikey))[ \t]+(?<flag>[^\s-][^\s]*)",
            new SecretGroup("flag", null, "flagk")),

        // key/value pairs with a quoted value: JSON, YAML, logfmt, and JSON escaped inside a JSON string (\"password\":\"…\").
        new($@"(?<qk>{SecretKeys})(?:\\?[""'])?[ \t]*(?:=>?|:)[ \t]*(?:\\""(?<qe>[^""\\\r\n]*)\\""|""(?<qd>(?:[^""\\\r\n]|\\.)*)""|'(?<qs>[^'\r\n]*)')",
            new SecretGroup("qe", null, "qk"),
            new SecretGroup("qd", null, "qk"),
            new SecretGroup("qs", null, "qk")),

        // key=value unquoted: ends at whitespace, quotes, brackets, or the separators of query strings and lists.
        new($@"(?<ek>{SecretKeys})(?:\\?[""'])?[ \t]*=>?[ \t]*(?<ev>[^\s""',;&{{}}\[\]\\<>]+)",
            new SecretGroup("ev", null, "ek")),

        // key: value unquoted (YAML, "Password: …" in text): ends at whitespace, quotes, brackets or a comma.
        new($@"(?<ck>{SecretKeys})(?:\\?[""'])?[ \t]*:[ \t]*(?<cv>[^\s""',{{}}\[\]\\<>]+)",
            new SecretGroup("cv", null, "ck")),
    ];
}
