using System.Globalization;
using Xunit.Abstractions;

namespace Parley.Browser.Tests;

[Collection(BrowserTests.Name)]
public sealed class PerformanceTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string LongTaskObserver = """
        window.__longest = 0;
        window.__longTasks = 0;
        window.__longestFrame = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            window.__longest = Math.max(window.__longest, entry.duration);
            window.__longTasks++;
          }
        }).observe({ type: "longtask", buffered: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.__longestFrame = Math.max(window.__longestFrame, entry.duration);
        }).observe({ type: "long-animation-frame", buffered: true });
        """;

    [Fact]
    public async Task LongReply_40000Tokens_StreamsWithoutFreezingThePage()
    {
        var chat = await browser.NewPageAsync();
        await chat.Page.AddInitScriptAsync(LongTaskObserver);
        await chat.Page.ReloadAsync();

        var started = DateTime.UtcNow;
        await chat.SendAsync("long 40000");
        await chat.WaitForReplyAsync("long 40000", "completed", 180_000);
        var elapsed = DateTime.UtcNow - started;
        var longest = await chat.Page.EvaluateAsync<double>("() => window.__longest");
        var count = await chat.Page.EvaluateAsync<int>("() => window.__longTasks");
        var frame = await chat.Page.EvaluateAsync<double>("() => window.__longestFrame");
        await chat.ScreenshotAsync();

        var report = string.Create(CultureInfo.InvariantCulture, $"40,000-token reply streamed in {elapsed.TotalSeconds:F1} s; longest main-thread task {longest:F0} ms ({count} tasks over 50 ms); longest animation frame {frame:F0} ms");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "parley-longtask.txt"), report);
        Assert.Contains("w39999", await chat.ReplyTo("long 40000").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(longest < 500, report);
    }
}
