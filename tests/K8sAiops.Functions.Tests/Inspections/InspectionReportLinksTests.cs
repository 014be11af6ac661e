using K8sAiops.Activities.Approve;
using K8sAiops.Functions.Inspections;

namespace K8sAiops.Functions.Tests.Inspections;

public class InspectionReportLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly ApprovalTokens Tokens = new(new string('k', 40));
    private readonly InspectionReportLinks _links = new(Tokens.DeriveKey(InspectionReportLinks.Purpose), () => new Uri("https://aiops.example.com/base/"));

    private (string Id, long Expires, string Sig) Parts(Uri link)
    {
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        return (Uri.UnescapeDataString(link.Segments[^1]), long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture), query["sig"]!);
    }

    [Fact]
    public void For_AReport_LinksUnderTheBaseUrlAndChecksUntilItExpires()
    {
        var link = _links.For("abc123", Now.AddDays(30));
        var (id, expires, sig) = Parts(link);

        Assert.Equal("https://aiops.example.com/base/reports/inspections/abc123", link.GetLeftPart(UriPartial.Path));
        Assert.Equal("abc123", id);
        Assert.Null(_links.Check(id, expires, sig, Now));
        Assert.Null(_links.Check(id, expires, sig, Now.AddDays(30)));
        Assert.Contains("expired", _links.Check(id, expires, sig, Now.AddDays(30).AddSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AlteredLinks_AreRefused()
    {
        var (id, expires, sig) = Parts(_links.For("abc123", Now.AddDays(1)));

        Assert.NotNull(_links.Check("abc124", expires, sig, Now));
        Assert.NotNull(_links.Check(id, expires + 86_400, sig, Now));
        Assert.NotNull(_links.Check(id, expires, sig[..^2] + "AA", Now));
        Assert.NotNull(_links.Check(id, expires, "not base64url!", Now));
        Assert.Contains("no expires or sig", _links.Check(id, null, sig, Now), StringComparison.Ordinal);
        Assert.Contains("no expires or sig", _links.Check(id, expires, null, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AnotherKeyOrPurpose_IsRefused()
    {
        var (id, expires, sig) = Parts(_links.For("abc123", Now.AddDays(1)));
        var otherHost = new InspectionReportLinks(new ApprovalTokens(new string('q', 40)).DeriveKey(InspectionReportLinks.Purpose), () => new Uri("https://x/"));
        var otherPurpose = new InspectionReportLinks(Tokens.DeriveKey("something-else"), () => new Uri("https://x/"));

        Assert.NotNull(otherHost.Check(id, expires, sig, Now));
        Assert.NotNull(otherPurpose.Check(id, expires, sig, Now));
    }
}
