using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace K8sAiops.Functions.Inspections;

/// <summary>
/// The report link on the summary card: <c>{base}/reports/inspections/{id}?expires={unix seconds}&amp;sig={signature}</c>,
/// which opens that one report without the function key until it expires. The signature is
/// base64url(HMAC-SHA256(key, "{id}\n{expires}")) with a key derived from the approval signing key for this purpose only,
/// so it proves this host made the link for that report and that time; rotating the signing key kills every link.
/// </summary>
public sealed class InspectionReportLinks(byte[] key, Func<Uri> baseUrl)
{
    /// <summary>The purpose the key is derived for.</summary>
    public const string Purpose = "inspection-report-links/v1";

    /// <summary>The path the signed report pages are served under.</summary>
    public const string PathPrefix = "/reports/inspections";

    public Uri For(string id, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds();
        var root = baseUrl().GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{root}{PathPrefix}/{Uri.EscapeDataString(id)}?expires={seconds}&sig={Base64Url.EncodeToString(Mac(id, seconds))}"));
    }

    /// <summary>Null when the link is good at <paramref name="now"/>; otherwise why not (missing, altered or expired).</summary>
    public string? Check(string id, long? expires, string? signature, DateTimeOffset now)
    {
        if (expires is not { } seconds || string.IsNullOrEmpty(signature))
            return "The link has no expires or sig parameter; open the report from the card again.";
        byte[] given;
        try
        {
            given = Base64Url.DecodeFromChars(signature);
        }
        catch (FormatException)
        {
            return "The link's signature is not valid.";
        }
        if (!CryptographicOperations.FixedTimeEquals(given, Mac(id, seconds)))
            return "The link's signature is not valid.";
        return now.ToUnixTimeSeconds() > seconds
            ? string.Create(CultureInfo.InvariantCulture, $"The link expired at {DateTimeOffset.FromUnixTimeSeconds(seconds):u}; ask for a new one with the function key.")
            : null;
    }

    private byte[] Mac(string id, long expires)
        => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}\n{expires}")));
}
