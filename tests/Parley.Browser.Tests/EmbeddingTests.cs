using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

/// <summary>The chat embedded in a host page (window messages both ways) and audio from a (fake) microphone.</summary>
[Collection(BrowserTests.Name)]
public sealed class EmbeddingTests(BrowserFixture browser)
{
    [Fact]
    public async Task HostPage_AndEmbeddedChat_ExchangeWindowMessagesBothWays()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/host.html");
        var chat = page.FrameLocator("#chat");

        // A conversation is open and connected in the iframe before the host speaks.
        var composer = chat.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("embedded hello");
        await composer.PressAsync("Enter");
        await Expect(chat.GetByTestId("assistant-message").Filter(new() { HasText = "echo: embedded hello" })).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send to chat" }).ClickAsync();

        // The app saw the host's message: it says so in the chat, and posts a window message back.
        await Expect(chat.GetByTestId("assistant-message").Filter(new() { HasText = "host said: hello from host" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Received from chat" })).ToContainTextAsync("""{"kind":"pong","text":"hello from host"}""");
        await context.CloseAsync();
    }

    [Fact]
    public async Task HostPage_PostsTheMomentTheFrameLoads_MessageStillReachesTheApp()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/host.html?onload");

        // Posted before the UI knew its allowed origins or had a conversation: held, then delivered.
        var chat = page.FrameLocator("#chat");
        await Expect(chat.GetByTestId("assistant-message").Filter(new() { HasText = "host said: hello on load" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await context.CloseAsync();
    }

    [Fact]
    public async Task WindowMessage_FromAnotherWindowThanTheParent_IsIgnored()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/host.html");
        var frame = page.Frames.Single(f => f != page.MainFrame);
        var composer = page.FrameLocator("#chat").GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("first");
        await composer.PressAsync("Enter");
        await Expect(page.FrameLocator("#chat").GetByTestId("assistant-message").Filter(new() { HasText = "echo: first" })).ToHaveCountAsync(1);

        // The chat posting to itself is not its parent: nothing reaches the app.
        await frame.EvaluateAsync("() => window.postMessage({ text: 'from myself' }, location.origin)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to chat" }).ClickAsync();

        await Expect(page.FrameLocator("#chat").GetByTestId("assistant-message").Filter(new() { HasText = "host said: hello from host" })).ToHaveCountAsync(1);
        await Expect(page.FrameLocator("#chat").GetByTestId("assistant-message").Filter(new() { HasText = "from myself" })).ToHaveCountAsync(0);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Audio_RecordedFromTheMicrophone_TheAppRepliesToTheRecording()
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.App.BaseAddress.ToString(),
            Permissions = ["microphone"],
        });
        var page = await context.NewPageAsync();
        var chat = new ChatPage(page);
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Record audio" }).ClickAsync();
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop recording" });
        await Expect(stop).ToBeVisibleAsync();
        await Expect(page.GetByTestId("recording-time")).ToContainTextAsync("Recording 0:01");
        await chat.ScreenshotAsync();
        await stop.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record audio" })).ToBeVisibleAsync();
        var reply = chat.AssistantMessages.Filter(new() { HasText = "Heard your recording:" });
        await Expect(reply).ToContainTextAsync("bytes of audio/webm");
        var text = await reply.InnerTextAsync();
        var chunks = int.Parse(text.Split("recording: ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(chunks >= 2, text);
        await context.CloseAsync();
    }
}
