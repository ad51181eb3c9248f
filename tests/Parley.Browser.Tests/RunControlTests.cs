using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class RunControlTests(BrowserFixture browser)
{
    [Fact]
    public async Task Stop_MidStream_PartialTextStaysMarkedStopped()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("stream 5000 10");
        await Expect(chat.LastAssistant).ToContainTextAsync("t20");

        await chat.StopButton.ClickAsync();
        var text = await chat.WaitForReplyAsync("stream 5000 10", "cancelled");

        await Expect(chat.LastAssistant).ToContainTextAsync("Stopped");
        await Expect(chat.StopButton).ToBeHiddenAsync();
        Assert.StartsWith("t0 t1 t2", ChatPage.Words(text), StringComparison.Ordinal);
        Assert.Equal(ChatPage.Words(text), ChatPage.Words(await chat.ServerLastAssistantAsync()));
        await chat.ScreenshotAsync();
    }

    [Fact]
    public async Task FailingHandler_ShowsErrorWithPartialTextAndRetryWorks()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("fail-once");

        var error = chat.Page.GetByTestId("error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "failed");
        await Expect(chat.LastAssistant).ToContainTextAsync("partial before the failure");
        await Expect(chat.LastAssistant).ToContainTextAsync("Failed");
        await Expect(error).Not.ToContainTextAsync("requested failure");
        await chat.ScreenshotAsync();

        await error.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();

        await Expect(chat.LastAssistant).ToContainTextAsync("recovered after retry");
    }
}
