using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class AsksAndActionsTests(BrowserFixture browser)
{
    private static ILocator Ask(ChatPage chat, string kind) => chat.Page.Locator($"[data-testid=ask][data-kind={kind}]").Last;

    [Fact]
    public async Task ActionAsk_AfterReloadAndGoingOffline_ClickAnswersIt()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("ask-action");
        await Expect(Ask(chat, "action")).ToHaveAttributeAsync("data-status", "pending");

        await chat.Page.ReloadAsync();
        await Expect(Ask(chat, "action").GetByRole(AriaRole.Button, new() { Name = "Blue" })).ToBeVisibleAsync();
        await chat.GoOfflineAndBackAsync();
        await chat.ScreenshotAsync();
        await Ask(chat, "action").GetByRole(AriaRole.Button, new() { Name = "Blue" }).ClickAsync();

        await Expect(chat.ReplyTo("ask-action")).ToContainTextAsync("chose Blue");
        await Expect(Ask(chat, "action")).ToHaveAttributeAsync("data-status", "answered");
        await Expect(Ask(chat, "action").GetByRole(AriaRole.Button, new() { Name = "Blue" })).ToHaveCountAsync(0);
        await Expect(chat.Page.GetByTestId("ask-answer").Last).ToContainTextAsync("Blue");
    }

    [Fact]
    public async Task FileAsk_RefusedTypeShownThenAfterGoingOfflineAnsweredWithAFile()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("ask-file");
        var upload = Ask(chat, "file").GetByLabel("Upload your answer");
        await Expect(upload).ToHaveAttributeAsync("accept", "text/plain,.txt");

        // A real PNG, so the upload itself is accepted and the ask's own type check refuses it.
        await upload.SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==") });
        await Expect(Ask(chat, "file").GetByRole(AriaRole.Alert)).ToContainTextAsync("not of an accepted type");
        await Expect(Ask(chat, "file")).ToHaveAttributeAsync("data-status", "pending");

        await chat.GoOfflineAndBackAsync();
        await chat.Page.ReloadAsync();
        await Ask(chat, "file").GetByLabel("Upload your answer").SetInputFilesAsync(
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("hello file") });

        await Expect(chat.ReplyTo("ask-file")).ToContainTextAsync("received notes.txt (10 bytes)");
        await Expect(Ask(chat, "file")).ToHaveAttributeAsync("data-status", "answered");
        await Expect(chat.Page.GetByTestId("ask-answer").Last.GetByRole(AriaRole.Link, new() { Name = "notes.txt" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ElementAsk_AnsweredFromAnotherTab_AndBothTabsSeeTheAnswer()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("ask-element");
        await Expect(Ask(chat, "element")).ToHaveAttributeAsync("data-status", "pending");

        var other = new ChatPage(await chat.Page.Context.NewPageAsync());
        await other.Page.GotoAsync(chat.Page.Url);
        var frame = other.Page.FrameLocator("iframe.ask-element");
        await Expect(frame.Locator("#max")).ToHaveTextAsync("max 10");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Submit 7" }).ClickAsync();

        await Expect(other.ReplyTo("ask-element")).ToContainTextAsync("picked 7");
        await Expect(chat.ReplyTo("ask-element")).ToContainTextAsync("picked 7");
        await Expect(Ask(chat, "element")).ToHaveAttributeAsync("data-status", "answered");
        await Expect(chat.Page.Locator("iframe.ask-element")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ElementAsk_AfterReloadAndGoingOffline_SubmitAnswersIt()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("ask-element");
        await Expect(Ask(chat, "element")).ToHaveAttributeAsync("data-status", "pending");

        await chat.Page.ReloadAsync();

        // The element is on screen (its props arrived) when the connection drops.
        await Expect(chat.Page.FrameLocator("iframe.ask-element").Locator("#max")).ToHaveTextAsync("max 10");
        await chat.GoOfflineAndBackAsync();
        await chat.Page.FrameLocator("iframe.ask-element").GetByRole(AriaRole.Button, new() { Name = "Submit 7" }).ClickAsync();

        await Expect(chat.ReplyTo("ask-element")).ToContainTextAsync("picked 7");
    }

    [Fact]
    public async Task MessageActions_ClickRunsTheHandler_AndARemovedActionDisappears()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("offer-actions");
        var offer = chat.ReplyTo("offer-actions");
        var greet = offer.GetByRole(AriaRole.Button, new() { Name = "Greet" });
        await Expect(greet).ToHaveAttributeAsync("title", "Say hello");
        await chat.ScreenshotAsync();

        await greet.ClickAsync();
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "hello from the greet action" })).ToHaveCountAsync(1);

        await offer.GetByRole(AriaRole.Button, new() { Name = "Remove me" }).ClickAsync();
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "the action removed itself" })).ToHaveCountAsync(1);
        await Expect(offer.GetByRole(AriaRole.Button, new() { Name = "Remove me" })).ToHaveCountAsync(0);
        await Expect(greet).ToBeVisibleAsync();

        await chat.Page.ReloadAsync();
        await Expect(chat.ReplyTo("offer-actions").GetByRole(AriaRole.Button, new() { Name = "Remove me" })).ToHaveCountAsync(0);
        await Expect(chat.ReplyTo("offer-actions").GetByRole(AriaRole.Button, new() { Name = "Greet" })).ToBeVisibleAsync();
    }
}
