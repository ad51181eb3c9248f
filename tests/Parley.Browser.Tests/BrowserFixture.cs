using Microsoft.Playwright;
using Parley.Testing;

namespace Parley.Browser.Tests;

/// <summary>
/// One test app process (SQLite, the real web UI) and one headless Chromium for all browser tests.
/// Each test gets its own browser context: its own cookies, hence its own user.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ];

    private readonly string _data = Directory.CreateTempSubdirectory("parley-browser-").FullName;

    public TestAppProcess App { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("PARLEY_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium is not at {chromium}. ./test.sh installs Debian's chromium; or set PARLEY_CHROMIUM.");
        }

        App = await TestAppProcess.StartAsync(_data);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });

        // A 2-core CI machine is slow on first use (JIT, Chromium's first page): generous waits, and
        // one conversation before any test, so no test's timing includes the warm-up.
        Assertions.SetDefaultExpectTimeout(15_000);
        var warmUp = await NewPageAsync();
        await warmUp.SendAsync("warm up");
        await warmUp.WaitForReplyAsync("warm up", "completed", 60_000);
        await warmUp.Page.Context.CloseAsync();
    }

    /// <summary>A new browser (context) and page, as a new user.</summary>
    public async Task<ChatPage> NewPageAsync(int width = 1200, int height = 850)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var chat = new ChatPage(page);
        await page.GotoAsync("/");
        return chat;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
