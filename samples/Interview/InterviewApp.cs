using System.Text.Json;
using Parley;

namespace Interview;

/// <summary>
/// A guided research interview, the way a study would run one: consent with buttons, then a name,
/// then a photo of the participant's workspace, then a rating on a custom scale. Every answer is
/// kept in the session, so the interview picks up where it stopped — after a reload, on another
/// device, after a server restart.
/// </summary>
internal sealed class InterviewApp(ILogger<InterviewApp> logger) : ChatApp
{
    public const string Name = "Workspace study";

    public override async Task OnChatStartAsync(ChatContext chat)
    {
        // A window message from the study site may have set the participant id already: keep it.
        var pilot = chat.Profile?.Name == "Pilot";
        var answers = (chat.Session.Get<Answers>(Answers.Key) ?? new Answers()) with { Pilot = pilot };
        chat.Session.Set(Answers.Key, answers);
        await chat.SayAsync(
            (Greeting(chat) + " We are studying how people set up their workspaces. The interview takes about five minutes: " +
            "you can stop at any time, and come back later — we keep your place.") + (pilot ? "\n\n_This is a **pilot** run; answers are marked as such._" : ""),
            new MessageOptions { Elements = StudyMaterials.Introduction() });

        // The questions are asked in the run of the participant's "begin" (the starter), not here: runs
        // execute one at a time, so a question awaited in this run would hold back the first message
        // (the one that created the chat) until the whole interview was over.
        await InterviewFlow.ShowProgressAsync(chat, answers);
    }

    public override async Task OnChatResumeAsync(ChatContext chat)
    {
        // An ask that was pending when the previous session ended is expired in the history: ask again,
        // if the interview had begun (a question was asked) and is not over.
        var answers = chat.Session.Get<Answers>(Answers.Key) ?? new Answers();
        if (!answers.Complete && answers.Consented != false && chat.History.OfType<AskItem>().Any())
        {
            await chat.SayAsync("Welcome back — let's continue where we stopped.");
            await InterviewFlow.ContinueAsync(chat);
        }
    }

    public override async Task OnMessageAsync(ChatContext chat, UserMessage message)
    {
        switch (message.Command)
        {
            case "summary":
                await InterviewFlow.SummarizeAsync(chat);
                return;
            case "withdraw":
                await InterviewActions.WithdrawAsync(chat);
                return;
        }

        if (message.Content.Trim().Equals("begin", StringComparison.OrdinalIgnoreCase))
        {
            await InterviewFlow.ContinueAsync(chat);
            return;
        }

        await chat.SayAsync(
            "This study looks at how people arrange the place where they work: the questions are about consent, " +
            "your name, a photo of your desk and how satisfied you are with it. Type **begin** (or use the starter) " +
            "to start or continue, `/summary` to see your answers, `/withdraw` to leave the study.");
    }

    public override async Task OnSettingsUpdateAsync(ChatContext chat, SettingsUpdate update)
    {
        // A select is a string, the switch a boolean, the slider a number, the tags an array: say each as it is.
        var changes = string.Join(", ", update.Changed.Select(id => $"{id} = {Describe(update.Values, id)}"));
        await chat.SayAsync(chat.Settings.GetString(InterviewSettings.Language) == "fr"
            ? $"Préférences enregistrées ({changes})."
            : $"Preferences saved ({changes}).");
    }

    public override async Task OnAudioEndAsync(ChatContext chat, AudioRecording recording)
    {
        await using var audio = await recording.OpenReadAsync(chat.Aborted);
        await chat.SayAsync(
            $"Thank you for the voice note ({recording.Duration.TotalSeconds:0.#} s). It is kept with your answers; you can play it back here.",
            new MessageOptions { Elements = [ChatElement.Audio("Your voice note", ElementSource.FromStream(audio), recording.MimeType)] });
    }

    public override async Task OnWindowMessageAsync(WindowMessageContext context)
    {
        // A host page (the study's own site) may tell us who the participant is.
        if (context.Data.ValueKind == JsonValueKind.Object && context.Data.TryGetProperty("participantId", out var id) && id.ValueKind == JsonValueKind.String)
        {
            var answers = context.Session.Get<Answers>(Answers.Key) ?? new Answers();
            context.Session.Set(Answers.Key, answers with { ParticipantId = id.GetString() });
            await context.SendWindowMessageAsync(JsonSerializer.SerializeToElement(new { type = "participant-registered", participantId = id.GetString() }));
        }
    }

    public override Task OnFeedbackAsync(FeedbackContext context)
    {
        InterviewLog.Feedback(logger, context.Thread.Id, context.Value);
        if (context.Comment is { } comment)
        {
            InterviewLog.FeedbackComment(logger, context.Thread.Id, comment);
        }

        return Task.CompletedTask;
    }

    public override ValueTask<string> RenameAuthorAsync(string author, CancellationToken cancellationToken) =>
        ValueTask.FromResult(author == Name ? "Interviewer" : author);

    private static string Describe(ChatSettings settings, string id) =>
        settings.Values.TryGetValue(id, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Array => string.Join(" / ", settings.GetStrings(id)) is { Length: > 0 } tags ? tags : "none",
                _ => "none",
            }
            : "none";

    private static string Greeting(ChatContext chat) =>
        chat.Settings.GetString(InterviewSettings.Language) == "fr" ? "Bonjour, et merci de participer !" : "Hello, and thank you for taking part!";
}
