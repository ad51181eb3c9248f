using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class SafetyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Markdown_WithScriptAndHandlerPayloads_NothingExecutes()
    {
        var chat = await browser.NewPageAsync();
        await chat.SendAsync("xss");
        await Expect(chat.LastAssistant).ToContainTextAsync("The end.");
        var markdown = chat.LastAssistant.Locator(".markdown");

        foreach (var link in await markdown.Locator("a").AllAsync())
        {
            await link.ClickAsync(new() { Force = true });
        }

        await markdown.GetByText("styled").ClickAsync(new() { Force = true });
        await chat.Page.WaitForTimeoutAsync(500);

        Assert.Null(await chat.Page.EvaluateAsync<string?>("() => window.__xss ?? null"));
        Assert.Equal(0, await markdown.Locator("script, iframe, [onerror], [onload], [onclick], [style]").CountAsync());
        Assert.Equal(0, await markdown.Locator("a[href^='javascript']").CountAsync());
        await Expect(markdown.Locator("code")).ToContainTextAsync("<script>window.__xss = 'in code';</script>");
        await chat.ScreenshotAsync();
    }
}
