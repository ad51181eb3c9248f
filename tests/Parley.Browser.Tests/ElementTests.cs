using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed partial class ElementTests(BrowserFixture browser)
{
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots", "elements");

    [Fact]
    public async Task Elements_EveryKind_RendersInTheFlow()
    {
        var chat = await SendElementsAsync();
        var log = chat.Page.GetByRole(AriaRole.Log);
        Directory.CreateDirectory(Shots);

        // The image is attached to its message and has loaded.
        var message = chat.AssistantMessages.Filter(new() { HasText = "Here is a picture." });
        await Expect(message.Locator("figure[data-kind=image] img")).ToBeVisibleAsync();
        await chat.Page.WaitForFunctionAsync("() => { const i = document.querySelector('figure[data-kind=image] img'); return !!i && i.complete && i.naturalWidth > 0; }");
        Assert.StartsWith("/api/files/fil_", await message.Locator("figure[data-kind=image] img").GetAttributeAsync("src"), StringComparison.Ordinal);

        // The chart has drawn marks (plotly.js, or the SVG fallback), the custom element got its props and resized.
        await chat.Page.WaitForFunctionAsync("() => document.querySelectorAll('figure[data-kind=plotly] .trace path, figure[data-kind=plotly] [data-mark]').length > 0");
        var custom = log.Locator("figure[data-kind=custom] iframe");
        await Expect(custom).ToHaveAttributeAsync("sandbox", "allow-scripts");
        await Expect(chat.Page.FrameLocator("figure[data-kind=custom] iframe").Locator("#stars")).ToHaveTextAsync("Stars: 4");
        await Expect(custom).ToHaveAttributeAsync("data-height", NumberRegex());

        foreach (var kind in new[] { "image", "file", "audio", "video", "text", "plotly", "tasklist", "custom" })
        {
            var figure = log.Locator($"figure[data-kind={kind}]").First;
            await Expect(figure).ToBeVisibleAsync();
            await figure.ScrollIntoViewIfNeededAsync();
            var box = await figure.BoundingBoxAsync();
            Assert.True(box is { Width: > 0, Height: > 0 }, $"The {kind} element has no size.");
            try
            {
                await figure.ScreenshotAsync(new() { Path = Path.Combine(Shots, kind + ".png") });
            }
            catch (PlaywrightException e)
            {
                await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "debug-" + kind + ".png") });
                var html = await figure.EvaluateAsync<string>("f => f.outerHTML.slice(0, 3000) + ' RECT ' + JSON.stringify(f.getBoundingClientRect())");
                throw new InvalidOperationException($"Screenshot of {kind} failed: {html}", e);
            }
        }

        foreach (var media in new[] { "audio", "video" })
        {
            Assert.StartsWith("/api/files/fil_", await log.Locator($"figure[data-kind={media}] {media}").GetAttributeAsync("src"), StringComparison.Ordinal);
        }

        var file = log.Locator("figure[data-kind=file] a");
        await Expect(file).ToContainTextAsync("notes.csv");
        await Expect(file).ToContainTextAsync("8 B");
        Assert.StartsWith("/api/files/fil_", await file.GetAttributeAsync("href"), StringComparison.Ordinal);
        await Expect(log.Locator("figure[data-kind=text] .code-lang")).ToHaveTextAsync("csharp");
        await Expect(log.Locator("figure[data-kind=text] code")).ToContainTextAsync("Console.WriteLine(\"hello\");");
        await Expect(log.Locator("figure[data-kind=tasklist] li")).ToHaveCountAsync(2);
        await chat.ScreenshotAsync();
    }

    [Fact]
    public async Task Elements_SideAndPage_OpenAPanelAndAPageThatSurvivesAReload()
    {
        var chat = await SendElementsAsync();

        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        var panel = chat.Page.GetByTestId("element-panel");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.Locator("figure[data-kind=pdf]")).ToBeVisibleAsync();
        Assert.StartsWith("/api/files/fil_", await panel.Locator("a.pdf-link").GetAttributeAsync("href"), StringComparison.Ordinal);
        Directory.CreateDirectory(Shots);
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "side-panel.png") });
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Close the side panel" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);

        await chat.Page.GetByRole(AriaRole.Link, new() { Name = "Long listing" }).ClickAsync();
        var page = chat.Page.GetByTestId("element-page");
        await Expect(page).ToBeVisibleAsync();
        await Expect(page).ToContainTextAsync("line 2");
        Assert.Matches(ElementRouteRegex(), chat.Page.Url);
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "page.png") });

        await chat.Page.ReloadAsync();
        await Expect(chat.Page.GetByTestId("element-page")).ToContainTextAsync("line 2");
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "← Back to the chat" }).ClickAsync();
        await Expect(chat.Page.GetByTestId("element-page")).ToHaveCountAsync(0);
        Assert.DoesNotMatch(ElementRouteRegex(), chat.Page.Url);
    }

    [Fact]
    public async Task Elements_TaskListUpdated_ShowsTheNewStatusWithoutAReload()
    {
        var chat = await SendElementsAsync();
        var tasks = chat.Page.GetByRole(AriaRole.Log).Locator("figure[data-kind=tasklist] li");
        await Expect(tasks.Nth(1)).ToHaveAttributeAsync("data-status", "running");

        await chat.SendAsync("finish-tasks");

        await Expect(tasks.Nth(1)).ToHaveAttributeAsync("data-status", "done");
        await Expect(chat.Page.GetByRole(AriaRole.Log).Locator("figure[data-kind=tasklist]")).ToContainTextAsync("All done");
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "tasks finished" })).ToBeVisibleAsync();
        Directory.CreateDirectory(Shots);
        await chat.Page.GetByRole(AriaRole.Log).Locator("figure[data-kind=tasklist]").ScreenshotAsync(new() { Path = Path.Combine(Shots, "tasklist-done.png") });
    }

    private async Task<ChatPage> SendElementsAsync()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("elements");
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "elements sent" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return chat;
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"/t/thr_[a-z0-9]+/e/itm_[a-z0-9]+$")]
    private static partial Regex ElementRouteRegex();
}
