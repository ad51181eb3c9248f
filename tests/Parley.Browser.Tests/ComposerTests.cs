using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class ComposerTests(BrowserFixture browser)
{
    [Fact]
    public async Task ShiftEnter_NewLine_EnterSends()
    {
        var chat = await browser.NewPageAsync();

        await chat.Composer.FillAsync("line one");
        await chat.Composer.PressAsync("Shift+Enter");
        await chat.Composer.PressSequentiallyAsync("line two");
        await Expect(chat.Composer).ToHaveValueAsync("line one\nline two");
        await chat.Composer.PressAsync("Enter");

        await Expect(chat.LastAssistant).ToContainTextAsync("echo: line one");
        await Expect(chat.Composer).ToHaveValueAsync("");
    }

    [Fact]
    public async Task FirstMessage_SentBeforeGreeting_GreetingStaysFirst()
    {
        var chat = await browser.NewPageAsync();

        await chat.SendAsync("hello there");
        await chat.WaitForReplyAsync("hello there", "completed");

        var order = await chat.Page.Locator("[data-testid=user-message], [data-testid=assistant-message]").AllInnerTextsAsync();
        Assert.Equal(3, order.Count);
        Assert.Contains("ready", order[0], StringComparison.Ordinal);
        Assert.Contains("hello there", order[1], StringComparison.Ordinal);
        Assert.Contains("echo: hello there", order[2], StringComparison.Ordinal);
        var items = (await chat.SnapshotAsync())["items"]!.AsArray();
        Assert.Equal(["assistant_message", "user_message", "assistant_message"], items.Select(i => i!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MessageDuringRun_ShownQueuedThenAnswered()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("stream 150 20");
        await Expect(chat.StopButton).ToBeVisibleAsync();

        await chat.SendAsync("after that");
        await Expect(chat.Page.GetByTestId("queued")).ToContainTextAsync("waiting for the current reply");
        await chat.ScreenshotAsync();

        await Expect(chat.LastAssistant).ToContainTextAsync("echo: after that", new() { Timeout = 30_000 });
        await Expect(chat.Page.GetByTestId("queued")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Step_ShowsKindInputOutputAndDuration()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("stream 20 1");
        await chat.WaitForReplyAsync("stream 20 1", "completed");

        var step = chat.Page.GetByTestId("step");
        await Expect(step.Locator(".step-kind")).ToHaveTextAsync("Model");
        await Expect(step.Locator(".step-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? (ms|s)$"));
        await step.Locator("summary").ClickAsync();
        await Expect(step.Locator(".step-body")).ToContainTextAsync("stream 20 1");
    }

    [Fact]
    public async Task ScrolledUp_JumpToLatestAppears_AndFollowsAgainWhenClicked()
    {
        var chat = await browser.NewPageAsync(height: 500);
        await chat.SendAsync("long 3000");
        await Expect(chat.LastAssistant).ToContainTextAsync("w300");

        await chat.Page.Locator(".chat-scroll").EvaluateAsync("el => el.scrollTo(0, 0)");
        var jump = chat.Page.GetByRole(AriaRole.Button, new() { Name = "Jump to latest" });
        await Expect(jump).ToBeVisibleAsync();
        await chat.ScreenshotAsync();
        await jump.ClickAsync();
        await chat.WaitForReplyAsync("long 3000", "completed", 60_000);

        var atBottom = await chat.Page.Locator(".chat-scroll").EvaluateAsync<bool>("el => el.scrollHeight - el.scrollTop - el.clientHeight < 60");
        Assert.True(atBottom);
    }

    [Fact]
    public async Task PhoneScreen_SidebarIsADrawer()
    {
        var chat = await browser.NewPageAsync(width: 390, height: 800);
        await chat.SendAsync("hello from a phone");
        await Expect(chat.LastAssistant).ToContainTextAsync("echo: hello from a phone");
        var sidebar = chat.Page.GetByRole(AriaRole.Navigation, new() { Name = "Chats" });
        await Expect(sidebar).Not.ToBeInViewportAsync();
        await chat.ScreenshotAsync();

        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Open the list of chats" }).ClickAsync();
        await Expect(sidebar).ToBeInViewportAsync();
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "phone-drawer.png") });
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Close the list of chats" }).ClickAsync();
        await Expect(sidebar).Not.ToBeInViewportAsync();
    }
}
