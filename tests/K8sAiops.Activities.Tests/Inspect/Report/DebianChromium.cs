using Microsoft.Playwright;

namespace K8sAiops.Activities.Tests.Inspect.Report;

/// <summary>
/// Debian's Chromium, driven by Playwright headless (never <c>playwright install</c>: the browser is the Debian package's).
/// A machine without it fails the test with what to do rather than skipping it.
/// </summary>
internal static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(ExecutablePath),
            $"Chromium is not installed at {ExecutablePath}. Run scripts/test.sh, which installs the Debian package 'chromium'.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }
}
