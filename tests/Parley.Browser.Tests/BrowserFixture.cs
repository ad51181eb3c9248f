using Microsoft.Playwright;
using Parley.Testing;

namespace Parley.Browser.Tests;

/// <summary>
/// One test app process (SQLite, the real web UI) and one headless Chromium for all browser tests.
/// Each test gets its own browser context: its own cookies, hence its own user.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("parley-browser-").FullName;

    public TestAppProcess App { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestAppProcess.StartAsync(_data);
        (Playwright, Browser) = await HeadlessChromium.LaunchAsync();

        // A 2-core CI machine is slow on first use (JIT, Chromium's first page): generous waits, and
        // one conversation before any test, so no test's timing includes the warm-up.
        Assertions.SetDefaultExpectTimeout(15_000);
        var warmUp = await NewPageAsync();
        await warmUp.SendAsync("warm up");
        await warmUp.WaitForReplyAsync("warm up", "completed", 60_000);
        await warmUp.Page.Context.CloseAsync();
    }

    /// <summary>A new browser (context) and page, as a new user.</summary>
    public Task<ChatPage> NewPageAsync(int width = 1200, int height = 850) =>
        HeadlessChromium.NewChatPageAsync(Browser, App.BaseAddress, width, height);

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
