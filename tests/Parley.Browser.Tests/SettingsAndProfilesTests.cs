using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

/// <summary>Chat settings, profiles and starters, slash commands and feedback comments, as a person uses them.</summary>
[Collection(BrowserTests.Name)]
public sealed class SettingsAndProfilesTests(BrowserFixture browser)
{
    [Fact]
    public async Task Settings_ChangedInPanel_AppReactsAndKeptAfterReload()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("settings");
        await Expect(chat.ReplyTo("settings")).ToContainTextAsync("model=small, stream=True, temperature=0.5");

        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Chat settings" }).ClickAsync();
        var panel = chat.Page.GetByRole(AriaRole.Dialog, new() { Name = "Chat settings" });
        await panel.GetByLabel("Model").SelectOptionAsync("large");
        await panel.GetByRole(AriaRole.Switch, new() { Name = "Stream replies" }).UncheckAsync();
        await chat.ScreenshotAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        await Expect(panel).ToHaveCountAsync(0);
        await Expect(chat.LastAssistant).ToContainTextAsync("settings changed (model,stream): model=large, stream=False, temperature=0.5");
        await chat.Page.ReloadAsync();
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Chat settings" }).ClickAsync();
        await Expect(panel.GetByLabel("Model")).ToHaveValueAsync("large");
        await Expect(panel.GetByRole(AriaRole.Switch, new() { Name = "Stream replies" })).Not.ToBeCheckedAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        var thread = (await chat.SnapshotAsync())["thread"]!;
        Assert.Equal("large", thread["settings"]!["model"]!.GetValue<string>());
        Assert.False(thread["settings"]!["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Profile_PickedForNewChat_StarterSendsItsMessageWithCommand()
    {
        var chat = await browser.NewPageAsync();
        var standard = chat.Page.GetByRole(AriaRole.Radio, new() { Name = "Standard" });
        var creative = chat.Page.GetByRole(AriaRole.Radio, new() { Name = "Creative" });
        await Expect(standard).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(chat.Page.GetByRole(AriaRole.Button, new() { Name = "Say hello" })).ToBeVisibleAsync();

        await creative.ClickAsync();
        await Expect(creative).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(chat.Page.GetByRole(AriaRole.Button, new() { Name = "Say hello" })).ToHaveCountAsync(0);
        await chat.ScreenshotAsync();
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Write a poem" }).ClickAsync();

        await Expect(chat.ReplyTo("a poem about the sea")).ToContainTextAsync("command draft: a poem about the sea", new() { Timeout = 30_000 });
        await Expect(chat.Page.GetByTestId("message-command")).ToHaveTextAsync("/draft");
        await Expect(chat.Page.GetByTestId("chat-profile")).ToHaveTextAsync("Creative");
        var thread = (await chat.SnapshotAsync())["thread"]!;
        Assert.Equal("Creative", thread["profile"]!.GetValue<string>());
        await chat.SendAsync("profile");
        await Expect(chat.ReplyTo("profile")).ToContainTextAsync("profile: Creative");
    }

    [Fact]
    public async Task NewChat_DefaultProfile_NoClickNeeded()
    {
        var chat = await browser.NewPageAsync();

        await chat.SendAsync("profile");

        await Expect(chat.ReplyTo("profile")).ToContainTextAsync("profile: Standard", new() { Timeout = 30_000 });
        await Expect(chat.Page.GetByTestId("chat-profile")).ToHaveTextAsync("Standard");
    }

    [Fact]
    public async Task SlashCommand_ChosenWithKeyboard_ChipThenSentOnMessage()
    {
        var chat = await browser.NewPageAsync();
        var menu = chat.Page.GetByRole(AriaRole.Listbox, new() { Name = "Commands" });

        await chat.Composer.PressSequentiallyAsync("/s");
        await Expect(menu.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);
        await chat.Composer.PressSequentiallyAsync("e");
        await Expect(menu.GetByRole(AriaRole.Option)).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("/search")]);
        await chat.Composer.PressAsync("Escape");
        await Expect(menu).ToHaveCountAsync(0);
        await chat.Composer.FillAsync("");
        await chat.Composer.PressSequentiallyAsync("/");
        await Expect(menu.GetByRole(AriaRole.Option)).ToHaveCountAsync(3);
        await chat.Composer.PressAsync("ArrowDown");
        await Expect(menu.GetByRole(AriaRole.Option, new() { Name = "/draft" })).ToHaveAttributeAsync("aria-selected", "true");
        await chat.ScreenshotAsync();
        await chat.Composer.PressAsync("Enter");

        await Expect(chat.Page.GetByTestId("command-chip")).ToContainTextAsync("/draft");
        await Expect(chat.Composer).ToHaveValueAsync("");
        await chat.SendAsync("a short note");

        await Expect(chat.ReplyTo("a short note")).ToContainTextAsync("command draft: a short note", new() { Timeout = 30_000 });
        await Expect(chat.Page.GetByTestId("message-command")).ToHaveTextAsync("/draft");
        await Expect(chat.Page.GetByTestId("command-chip")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SlashCommand_ClickedInMenu_SentOnMessage()
    {
        var chat = await browser.NewPageAsync();

        await chat.Composer.PressSequentiallyAsync("/su");
        await chat.Page.GetByRole(AriaRole.Option, new() { Name = "/summarize" }).ClickAsync();
        await chat.Composer.PressSequentiallyAsync("everything");
        await chat.Composer.PressAsync("Enter");

        await Expect(chat.ReplyTo("everything")).ToContainTextAsync("command summarize: everything", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Feedback_ThumbWithComment_ShownAgainAfterReload()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("rate me with words");
        await chat.WaitForReplyAsync("rate me with words", "completed");
        var reply = chat.ReplyTo("rate me with words");

        await reply.GetByRole(AriaRole.Button, new() { Name = "Bad reply" }).ClickAsync();
        await reply.GetByRole(AriaRole.Textbox, new() { Name = "Comment on this reply (optional)" }).FillAsync("too vague");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Submit feedback" }).ClickAsync();

        await Expect(reply.GetByTestId("feedback-comment")).ToContainTextAsync("too vague");
        await chat.Page.ReloadAsync();
        var reloaded = chat.ReplyTo("rate me with words");
        await Expect(reloaded.GetByRole(AriaRole.Button, new() { Name = "Bad reply" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(reloaded.GetByTestId("feedback-comment")).ToContainTextAsync("too vague");
        var items = (await chat.SnapshotAsync())["items"]!.AsArray();
        var rated = items.Last(i => i!["type"]!.GetValue<string>() == "assistant_message")!;
        Assert.Equal(-1, rated["metadata"]!["feedback"]!["value"]!.GetValue<int>());
        Assert.Equal("too vague", rated["metadata"]!["feedback"]!["comment"]!.GetValue<string>());
    }
}
