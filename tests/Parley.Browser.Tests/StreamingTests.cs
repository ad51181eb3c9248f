using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class StreamingTests(BrowserFixture browser)
{
    private static string Expected(int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => $"t{i}"));

    [Fact]
    public async Task Send_MessageStreams_FinalTextEqualsServers()
    {
        var chat = await browser.NewPageAsync();

        await chat.SendAsync("stream 150 5");
        await Expect(chat.Page.GetByTestId("step")).ToBeVisibleAsync();
        var text = await chat.WaitForReplyAsync("stream 150 5", "completed");

        Assert.Equal(Expected(150), ChatPage.Words(text));
        Assert.Equal(Expected(150), ChatPage.Words(await chat.ServerLastAssistantAsync()));
        await chat.ScreenshotAsync();
    }

    [Fact]
    public async Task Reload_MidStream_ContinuesWithoutDuplicatesAndStaysStoppable()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("stream 400 15");
        await Expect(chat.LastAssistant).ToContainTextAsync("t40");

        await chat.Page.ReloadAsync();
        await Expect(chat.LastAssistant).ToContainTextAsync("t60");
        await Expect(chat.StopButton).ToBeVisibleAsync();
        await chat.ScreenshotAsync();
        var text = await chat.WaitForReplyAsync("stream 400 15", "completed", 60_000);

        Assert.Equal(Expected(400), ChatPage.Words(text));
        Assert.Equal(Expected(400), ChatPage.Words(await chat.ServerLastAssistantAsync()));
    }

    [Fact]
    public async Task Offline_MidStream_BannerShowsThenStreamCompletesExactly()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("stream 300 15");
        await Expect(chat.LastAssistant).ToContainTextAsync("t30");

        await chat.Page.Context.SetOfflineAsync(true);
        await Expect(chat.Banner).ToContainTextAsync("Offline");
        await chat.ScreenshotAsync();
        await chat.Page.WaitForTimeoutAsync(3000);
        await chat.Page.Context.SetOfflineAsync(false);
        var text = await chat.WaitForReplyAsync("stream 300 15", "completed", 60_000);

        await Expect(chat.Banner).ToBeHiddenAsync();
        Assert.Equal(Expected(300), ChatPage.Words(text));
    }

    [Fact]
    public async Task SendWhileOffline_DeliveredOnceWhenBack()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("hello first");
        await chat.WaitForReplyAsync("hello first", "completed");

        await chat.Page.Context.SetOfflineAsync(true);
        await Expect(chat.Banner).ToContainTextAsync("Offline — messages will be sent when you're back");
        await chat.SendAsync("typed while offline");
        await Expect(chat.Page.GetByText("Sending…")).ToBeVisibleAsync();
        await chat.ScreenshotAsync();
        await chat.Page.WaitForTimeoutAsync(1500);
        await chat.Page.Context.SetOfflineAsync(false);
        await Expect(chat.LastAssistant).ToContainTextAsync("echo: typed while offline", new() { Timeout = 20_000 });
        await chat.Page.WaitForTimeoutAsync(1000);

        var items = (await chat.SnapshotAsync())["items"]!.AsArray();
        Assert.Single(items, i => i!["type"]!.GetValue<string>() == "user_message" && i["content"]!.GetValue<string>() == "typed while offline");
        await Expect(chat.Page.GetByText("Sending…")).ToHaveCountAsync(0);
    }
}
