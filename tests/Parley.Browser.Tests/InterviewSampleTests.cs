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

    // The host page of docs/samples.md: says who the participant is once the chat has loaded, again
    // until the chat confirms (a message sent before the chat listens is lost).
    private const string HostPage = """
        <!doctype html>
        <html>
        <head><meta charset="utf-8"><title>Study site</title></head>
        <body style="margin:0">
          <iframe id="interview" src="/" title="Interview" style="width:1100px;height:860px;border:0"></iframe>
          <script>
            const INTERVIEW = location.origin;
            const frame = document.getElementById("interview");
            let registered = false;
            window.received = [];
            window.addEventListener("message", (event) => {
              if (event.source !== frame.contentWindow || event.origin !== INTERVIEW) return;
              window.received.push(event.data);
              if (event.data.type === "participant-registered") registered = true;
            });
            frame.addEventListener("load", () => {
              let tries = 0;
              const tell = () => {
                if (registered || ++tries > 20) return;
                frame.contentWindow.postMessage({ participantId: "P-042" }, INTERVIEW);
                setTimeout(tell, 1000);
              };
              tell();
            });
          </script>
        </body>
        </html>
        """;

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

    [Fact]
    public async Task Embedded_HostPostsParticipantId_SummaryShowsItWithMoreDetail()
    {
        // A study site's page (same origin, served by the browser here) frames the chat and says who the participant is.
        var chat = await interview.NewPageAsync();
        await chat.Page.RouteAsync("**/study-host.html", route => route.FulfillAsync(new() { ContentType = "text/html", Body = HostPage }));
        await chat.Page.GotoAsync("/study-host.html");
        var frame = chat.Page.FrameLocator("#interview");

        // The window message created the chat (its greeting) before the participant typed anything, and the app confirmed it.
        await Expect(frame.GetByTestId("assistant-message").Filter(new() { HasText = "thank you for taking part" })).ToBeVisibleAsync(Slow);
        await chat.Page.WaitForFunctionAsync(
            "() => window.received.some(d => d && d.type === 'participant-registered' && d.participantId === 'P-042')",
            null,
            new() { Timeout = 30_000 });

        // More detail in the summary, in French.
        await frame.GetByRole(AriaRole.Button, new() { Name = "Chat settings" }).ClickAsync();
        var panel = frame.GetByRole(AriaRole.Dialog, new() { Name = "Chat settings" });
        await panel.GetByLabel("Language").SelectOptionAsync("fr");
        await panel.GetByRole(AriaRole.Slider, new() { Name = "How much detail in my summary" }).FillAsync("3");
        await panel.GetByRole(AriaRole.Switch, new() { Name = "Email me a reminder if I stop halfway" }).CheckAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        var saved = frame.GetByTestId("assistant-message").Filter(new() { HasText = "Préférences enregistrées" });
        await Expect(saved).ToBeVisibleAsync(Slow);
        await Expect(saved).ToContainTextAsync("language = fr");
        await Expect(saved).ToContainTextAsync("detail = 3");
        await Expect(saved).ToContainTextAsync("reminders = true");

        var composer = frame.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.PressSequentiallyAsync("/su");
        await frame.GetByRole(AriaRole.Option, new() { Name = "/summary" }).ClickAsync();
        await composer.PressSequentiallyAsync("please");
        await composer.PressAsync("Enter");
        var summary = frame.GetByTestId("assistant-message").Filter(new() { HasText = "Your answers so far" });
        await Expect(summary).ToContainTextAsync("Participant id from the study site: P-042", new() { Timeout = 30_000 });
        await Expect(summary).ToContainTextAsync("Pilot run: no");

        // Beginning tells the host page how far the participant is.
        await composer.FillAsync("begin");
        await composer.PressAsync("Enter");
        await Expect(frame.Locator("[data-testid=ask][data-kind=action]")).ToHaveAttributeAsync("data-status", "pending", new() { Timeout = 30_000 });
        await chat.Page.WaitForFunctionAsync("() => window.received.some(d => d && d.type === 'progress' && d.step === 0 && d.of === 4)", null, new() { Timeout = 30_000 });
        Directory.CreateDirectory(Shots);
        await chat.Page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "embedded.png") });
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
        var consent = Ask(chat, "action").GetByRole(AriaRole.Button, new() { Name = "I consent", Exact = true });
        try
        {
            await chat.Page.RunAndWaitForRequestAsync(() => consent.ClickAsync(), r => r.Url.EndsWith("/answer", StringComparison.Ordinal), new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // Under load a click sometimes reached no handler and sent nothing (1 run in ~5 with the
            // cores saturated; the page sent no request at all). A person clicks again; so does the test,
            // once, and only when nothing was sent. docs/ui.md lists it as a known issue.
            await chat.Page.RunAndWaitForRequestAsync(() => consent.ClickAsync(), r => r.Url.EndsWith("/answer", StringComparison.Ordinal), new() { Timeout = 10_000 });
        }

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
