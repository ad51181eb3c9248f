using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Browser.Tests;

/// <summary>The Interview sample (samples/Interview), run as its own process, taken part in as a participant would.</summary>
[Collection(InterviewSampleBrowserTests.Name)]
public sealed class InterviewSampleTests(InterviewSampleFixture interview)
{
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots", "interview");

    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 30_000 };

    private static ILocator Ask(ChatPage chat, string kind) => chat.Page.Locator($"[data-testid=ask][data-kind={kind}]").Last;

    private static ILocator Log(ChatPage chat) => chat.Page.GetByRole(AriaRole.Log);

    private static ILocator Tasks(ChatPage chat) => Log(chat).Locator("figure[data-kind=tasklist] li");

    [Fact]
    public async Task Interview_FullRun_EndsWithChartActionsAndADownload()
    {
        var chat = await interview.NewPageAsync();
        await BeginAsync(chat);

        // The greeting carries the consent form (a PDF) and the participant information (a side panel).
        await Expect(Log(chat).Locator("figure[data-kind=pdf]")).ToBeVisibleAsync();
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Participant information" }).ClickAsync();
        await Expect(chat.Page.GetByTestId("element-panel")).ToContainTextAsync("Your rights");
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Close the side panel" }).ClickAsync();
        await Expect(Tasks(chat)).ToHaveCountAsync(4);

        await ConsentAsync(chat);
        await AnswerNameAsync(chat, "Ada");
        await UploadPhotoAsync(chat);
        await RateAsync(chat, 4);

        // The last message: the chart (plotly drew its bars) and the two actions.
        var last = chat.AssistantMessages.Filter(new() { HasText = "That's everything, Ada" });
        await Expect(last).ToBeVisibleAsync(Slow);
        await chat.Page.WaitForFunctionAsync(
            "() => document.querySelectorAll('figure[data-kind=plotly] .trace path, figure[data-kind=plotly] [data-mark]').length > 0",
            null,
            new() { Timeout = 30_000 });
        var download = last.GetByRole(AriaRole.Button, new() { Name = "Download my answers" });
        await Expect(download).ToBeVisibleAsync();
        await Expect(last.GetByRole(AriaRole.Button, new() { Name = "Withdraw", Exact = true })).ToBeVisibleAsync();

        await download.ClickAsync();
        var file = Log(chat).Locator("figure[data-kind=file] a").Filter(new() { HasText = "my-answers.json" });
        await Expect(file).ToBeVisibleAsync(Slow);
        var href = await file.GetAttributeAsync("href");
        Assert.StartsWith("/api/files/", href, StringComparison.Ordinal);

        // The file is the participant's answers, served to this participant.
        var response = await chat.Page.Context.APIRequest.GetAsync(href!);
        Assert.True(response.Ok, $"GET {href}: {response.Status}");
        var answers = JsonNode.Parse(await response.TextAsync())!;
        Assert.True(answers["consented"]!.GetValue<bool>());
        Assert.Equal("Ada", answers["name"]!.GetValue<string>());
        Assert.Equal("photo.png", answers["photoName"]!.GetValue<string>());
        Assert.Equal(4, answers["satisfaction"]!.GetValue<int>());

        await ExpectAllDoneAsync(chat);
        await last.ScrollIntoViewIfNeededAsync();
        Directory.CreateDirectory(Shots);
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "complete.png") });
    }

    [Fact]
    public async Task Interview_ReloadedWithTheFileAskPending_AnswersItAfterwardsAndCompletes()
    {
        var chat = await interview.NewPageAsync();
        await BeginAsync(chat);
        await ConsentAsync(chat);
        await AnswerNameAsync(chat, "Grace");
        await Expect(Ask(chat, "file")).ToHaveAttributeAsync("data-status", "pending", new() { Timeout = 30_000 });

        await chat.Page.ReloadAsync();

        // The same question, still answerable, and the progress as it was.
        await Expect(Ask(chat, "file")).ToHaveAttributeAsync("data-status", "pending", new() { Timeout = 30_000 });
        await Expect(Ask(chat, "file")).ToContainTextAsync("Thanks, Grace");
        await Expect(Tasks(chat).Nth(1)).ToHaveAttributeAsync("data-status", "done");
        await Expect(Tasks(chat).Nth(2)).ToHaveAttributeAsync("data-status", "running");
        await Expect(chat.Page.Locator("[data-testid=ask][data-kind=file]")).ToHaveCountAsync(1);
        await UploadPhotoAsync(chat);
        await RateAsync(chat, 2);

        await Expect(chat.AssistantMessages.Filter(new() { HasText = "That's everything, Grace" })).ToBeVisibleAsync(Slow);
        await ExpectAllDoneAsync(chat);

        // The last message is there once (no second copy from a queued message).
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "That's everything" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Interview_Declined_EndsPolitely_AndSlashCommandsSummarizeAndWithdraw()
    {
        var chat = await interview.NewPageAsync();
        await BeginAsync(chat);

        await Ask(chat, "action").GetByRole(AriaRole.Button, new() { Name = "I do not consent", Exact = true }).ClickAsync();

        await Expect(chat.AssistantMessages.Filter(new() { HasText = "you are not taking part, and nothing was recorded" })).ToBeVisibleAsync(Slow);
        await Expect(Ask(chat, "action")).ToHaveAttributeAsync("data-status", "answered");
        await Expect(Log(chat).Locator("figure[data-kind=tasklist] .tasklist-status")).ToHaveTextAsync("Withdrawn");
        await Expect(chat.Page.Locator("[data-testid=ask][data-status=pending]")).ToHaveCountAsync(0);

        // /summary, picked from the slash-command menu.
        await CommandAsync(chat, "/summary", "please");
        var summary = chat.AssistantMessages.Filter(new() { HasText = "Your answers so far" });
        await Expect(summary).ToBeVisibleAsync(Slow);
        await Expect(summary).ToContainTextAsync("Consent: declined");
        await Expect(summary).ToContainTextAsync("Name: not yet");
        await Expect(chat.Page.GetByTestId("message-command").Last).ToHaveTextAsync("/summary");

        // /withdraw too; asking to begin again then asks nothing.
        await CommandAsync(chat, "/withdraw", "now");
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "You have withdrawn from the study" })).ToBeVisibleAsync(Slow);
        await chat.SendAsync("begin");
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "nothing more to ask" })).ToBeVisibleAsync(Slow);
        await Expect(chat.Page.Locator("[data-testid=ask][data-status=pending]")).ToHaveCountAsync(0);
    }

    private static async Task BeginAsync(ChatPage chat)
    {
        // The default profile is Participant; its starter creates the chat and begins the interview.
        await Expect(chat.Page.GetByRole(AriaRole.Radio, new() { Name = "Participant" })).ToHaveAttributeAsync("aria-checked", "true", new() { Timeout = 30_000 });
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Begin the interview" }).ClickAsync();
        await Expect(chat.AssistantMessages.Filter(new() { HasText = "thank you for taking part" })).ToBeVisibleAsync(Slow);
        await Expect(Ask(chat, "action")).ToHaveAttributeAsync("data-status", "pending", new() { Timeout = 30_000 });
        await Expect(Tasks(chat).First).ToHaveAttributeAsync("data-status", "running");
    }

    private static async Task ConsentAsync(ChatPage chat)
    {
        await Ask(chat, "action").GetByRole(AriaRole.Button, new() { Name = "I consent", Exact = true }).ClickAsync();
        await Expect(Ask(chat, "text")).ToHaveAttributeAsync("data-status", "pending", new() { Timeout = 30_000 });
        await Expect(Tasks(chat).First).ToHaveAttributeAsync("data-status", "done");
    }

    private static async Task AnswerNameAsync(ChatPage chat, string name)
    {
        await Expect(chat.AnswerBox).ToBeVisibleAsync();
        await chat.AnswerBox.FillAsync(name);
        await chat.AnswerBox.PressAsync("Enter");
        await Expect(Ask(chat, "file")).ToBeVisibleAsync(Slow);
    }

    private static async Task UploadPhotoAsync(ChatPage chat)
    {
        var upload = Ask(chat, "file").GetByLabel("Upload your answer");
        await Expect(upload).ToHaveAttributeAsync("accept", "image/png,image/jpeg");
        await upload.SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = Convert.FromBase64String(Png) });

        // The photo is shown back as an image element that loaded.
        var shown = chat.AssistantMessages.Filter(new() { HasText = "here it is, for the record" });
        await Expect(shown.Locator("figure[data-kind=image] img")).ToBeVisibleAsync(Slow);
        await chat.Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('figure[data-kind=image] img')].some(i => i.complete && i.naturalWidth > 0)",
            null,
            new() { Timeout = 30_000 });
        await Expect(chat.Page.GetByTestId("ask-answer").GetByRole(AriaRole.Link, new() { Name = "photo.png" })).ToBeVisibleAsync();
    }

    private static async Task RateAsync(ChatPage chat, int rating)
    {
        await Expect(Ask(chat, "element")).ToHaveAttributeAsync("data-status", "pending", new() { Timeout = 30_000 });
        var rate = chat.Page.FrameLocator("iframe.ask-element").GetByRole(AriaRole.Button, new() { Name = $"Rate {rating}", Exact = true });
        await Expect(rate).ToBeVisibleAsync(Slow);
        await rate.ClickAsync();
        await Expect(Ask(chat, "element")).ToHaveAttributeAsync("data-status", "answered", new() { Timeout = 30_000 });
        await Expect(chat.Page.GetByTestId("ask-answer").Last).ToContainTextAsync($"Submitted: {rating}");
    }

    private static async Task CommandAsync(ChatPage chat, string command, string text)
    {
        var menu = chat.Page.GetByRole(AriaRole.Listbox, new() { Name = "Commands" });
        await chat.Composer.PressSequentiallyAsync(command[..3]);
        await menu.GetByRole(AriaRole.Option, new() { Name = command }).ClickAsync();
        await Expect(chat.Page.GetByTestId("command-chip")).ToContainTextAsync(command);
        await chat.Composer.PressSequentiallyAsync(text);
        await chat.Composer.PressAsync("Enter");
        await Expect(chat.Page.GetByTestId("command-chip")).ToHaveCountAsync(0);
    }

    private static async Task ExpectAllDoneAsync(ChatPage chat)
    {
        await Expect(Tasks(chat)).ToHaveCountAsync(4);
        for (var i = 0; i < 4; i++)
        {
            await Expect(Tasks(chat).Nth(i)).ToHaveAttributeAsync("data-status", "done");
        }

        await Expect(Log(chat).Locator("figure[data-kind=tasklist] .tasklist-status")).ToHaveTextAsync("Complete");
    }
}
