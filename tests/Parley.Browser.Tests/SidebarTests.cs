using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class SidebarTests(BrowserFixture browser)
{
    [Fact]
    public async Task Sidebar_NewSearchRenameDelete_WorkAndListNewestFirst()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("first topic alpha");
        await chat.WaitForReplyAsync("first topic alpha", "completed");
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await Expect(chat.Page.GetByTestId("empty")).ToBeVisibleAsync();
        await chat.SendAsync("second topic beta");
        await chat.WaitForReplyAsync("second topic beta", "completed");

        var links = chat.Page.Locator(".thread-link");
        await Expect(links).ToHaveTextAsync(["second topic beta", "first topic alpha"]);

        await chat.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search chats" }).FillAsync("alpha");
        await Expect(links).ToHaveTextAsync(["first topic alpha"]);
        await chat.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search chats" }).FillAsync("");
        await Expect(links).ToHaveCountAsync(2);

        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Rename first topic alpha" }).ClickAsync();
        var rename = chat.Page.GetByRole(AriaRole.Textbox, new() { Name = "Chat name" });
        await rename.FillAsync("Renamed chat");
        await rename.PressAsync("Enter");
        await Expect(links).ToHaveTextAsync(["second topic beta", "Renamed chat"]);

        await links.Filter(new() { HasText = "Renamed chat" }).ClickAsync();
        await Expect(chat.Page.Locator(".topbar h1")).ToHaveTextAsync("Renamed chat");
        await Expect(chat.Page.GetByTestId("user-message")).ToContainTextAsync("first topic alpha");
        await chat.ScreenshotAsync();

        chat.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Delete Renamed chat" }).ClickAsync();
        await Expect(links).ToHaveTextAsync(["second topic beta"]);
        await Expect(chat.Page.GetByTestId("empty")).ToBeVisibleAsync();

        await chat.Page.ReloadAsync();
        await Expect(links).ToHaveTextAsync(["second topic beta"]);
    }

    [Fact]
    public async Task Feedback_Thumbs_StoredAndShownAgainAfterReload()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("rate me");
        await chat.WaitForReplyAsync("rate me", "completed");
        var good = chat.ReplyTo("rate me").GetByRole(AriaRole.Button, new() { Name = "Good reply" });

        await good.ClickAsync();
        await Expect(good).ToHaveAttributeAsync("aria-pressed", "true");
        await chat.Page.ReloadAsync();

        await Expect(chat.LastAssistant.GetByRole(AriaRole.Button, new() { Name = "Good reply" })).ToHaveAttributeAsync("aria-pressed", "true");
        var items = (await chat.SnapshotAsync())["items"]!.AsArray();
        var rated = items.Last(i => i!["type"]!.GetValue<string>() == "assistant_message")!;
        Assert.Equal(1, rated["metadata"]!["feedback"]!["value"]!.GetValue<int>());
    }
}
