using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Parley.Browser.Tests;

/// <summary>What a person sees and does in the chat, and what the server says, for one page.</summary>
public sealed partial class ChatPage(IPage page)
{
    public IPage Page { get; } = page;

    public List<string> Errors { get; } = [];

    public ILocator Composer => Page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });

    public ILocator AnswerBox => Page.GetByRole(AriaRole.Textbox, new() { Name = "Your answer" });

    public ILocator AssistantMessages => Page.GetByTestId("assistant-message");

    public ILocator LastAssistant => AssistantMessages.Last;

    public ILocator StopButton => Page.GetByRole(AriaRole.Button, new() { Name = "Stop" });

    public ILocator Banner => Page.GetByTestId("connection-banner");

    public string ThreadId => ThreadIdRegex().Match(Page.Url).Groups[1].Value;

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    /// <summary>
    /// The reply to the user's message with this text: the first assistant message after it. Waiting on the
    /// last assistant message instead races the greeting, which is complete before the reply appears.
    /// </summary>
    public ILocator ReplyTo(string userText) =>
        Page.Locator($"[data-testid=user-message]:has-text(\"{userText}\") ~ [data-testid=assistant-message]").First;

    /// <summary>Waits until the reply to the user's message has the status, then returns its visible text.</summary>
    public async Task<string> WaitForReplyAsync(string userText, string status, float timeoutMs = 30_000)
    {
        var reply = ReplyTo(userText);
        await Assertions.Expect(reply).ToHaveAttributeAsync("data-status", status, new() { Timeout = timeoutMs });
        return await reply.Locator(".markdown").InnerTextAsync();
    }

    /// <summary>The server's snapshot of the current thread, fetched with this browser's identity.</summary>
    public async Task<JsonObject> SnapshotAsync()
    {
        var response = await Page.Context.APIRequest.GetAsync($"api/threads/{ThreadId}");
        return JsonNode.Parse(await response.TextAsync())!.AsObject();
    }

    /// <summary>The content of the last assistant message as the server has it.</summary>
    public async Task<string> ServerLastAssistantAsync()
    {
        var items = (await SnapshotAsync())["items"]!.AsArray();
        return items.Last(i => i!["type"]!.GetValue<string>() == "assistant_message")!["content"]!.GetValue<string>();
    }

    public async Task ScreenshotAsync([CallerMemberName] string name = "")
    {
        var folder = Environment.GetEnvironmentVariable("PARLEY_ARTIFACTS") ?? Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }

    /// <summary>Collapses whitespace, as rendered text and source text differ only there.</summary>
    public static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Parley.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? AppContext.BaseDirectory;
    }

    [GeneratedRegex("/t/([A-Za-z0-9_-]+)")]
    private static partial Regex ThreadIdRegex();

    /// <summary>Takes the browser offline until the UI says so, then back until it is connected again.</summary>
    public async Task GoOfflineAndBackAsync()
    {
        await Page.Context.SetOfflineAsync(true);
        await Assertions.Expect(Banner).ToContainTextAsync("Offline");
        await Page.Context.SetOfflineAsync(false);
        await Assertions.Expect(Banner).ToBeHiddenAsync(new() { Timeout = 60_000 });
    }
}
