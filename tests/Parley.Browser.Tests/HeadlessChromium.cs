using Microsoft.Playwright;

namespace Parley.Browser.Tests;

/// <summary>Debian's Chromium, headless, with the flags this machine needs (and a fake microphone).</summary>
internal static class HeadlessChromium
{
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ];

    /// <summary>Starts Playwright and launches Chromium (<c>PARLEY_CHROMIUM</c>, default <c>/usr/bin/chromium</c>).</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("PARLEY_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium is not at {chromium}. ./test.sh installs Debian's chromium; or set PARLEY_CHROMIUM.");
        }

        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = Args });
        return (playwright, browser);
    }

    /// <summary>A new context (its own cookies: a new user) on <paramref name="baseAddress"/>, and a page opened at its root.</summary>
    public static async Task<ChatPage> NewChatPageAsync(IBrowser browser, Uri baseAddress, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return new ChatPage(page);
    }
}
