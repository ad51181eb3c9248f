using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class AskTests(BrowserFixture browser)
{
    [Fact]
    public async Task PendingAsk_SurvivesReload_AndIsAnsweredAfterIt()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("ask");
        await Expect(chat.Page.GetByTestId("answering")).ToContainTextAsync("What is your answer?");

        await chat.Page.ReloadAsync();
        await Expect(chat.Page.GetByTestId("ask")).ToHaveAttributeAsync("data-status", "pending");
        await Expect(chat.Page.GetByTestId("answering")).ToContainTextAsync("What is your answer?");
        await chat.ScreenshotAsync();
        await chat.AnswerBox.FillAsync("forty-two");
        await chat.AnswerBox.PressAsync("Enter");

        await Expect(chat.LastAssistant).ToContainTextAsync("got forty-two");
        await Expect(chat.Page.GetByTestId("ask")).ToHaveAttributeAsync("data-status", "answered");
        await Expect(chat.Page.GetByTestId("answering")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task PendingAsk_AfterGoingOffline_IsAnsweredWhenBackOnline()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("ask");
        await Expect(chat.Page.GetByTestId("answering")).ToContainTextAsync("What is your answer?");

        await chat.GoOfflineAndBackAsync();
        await chat.AnswerBox.FillAsync("still here");
        await chat.AnswerBox.PressAsync("Enter");

        await Expect(chat.LastAssistant).ToContainTextAsync("got still here");
        await Expect(chat.Page.GetByTestId("ask")).ToHaveAttributeAsync("data-status", "answered");
    }
}
