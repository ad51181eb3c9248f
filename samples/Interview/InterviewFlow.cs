using System.Text.Json;
using Parley;

namespace Interview;

/// <summary>The interview's questions, asked in order, each only once it is still unanswered.</summary>
internal static class InterviewFlow
{
    private const string TaskListKey = "taskList";

    private static readonly string[] Steps = ["Consent", "Your name", "A photo of your workspace", "How satisfied you are"];

    public static async Task ContinueAsync(ChatContext chat)
    {
        var answers = chat.Session.Get<Answers>(Answers.Key) ?? new Answers();
        if (answers.Consented == false)
        {
            await chat.SayAsync("You are not taking part in the study, so there is nothing more to ask. Thank you for your time.");
            return;
        }

        if (answers.Complete)
        {
            // Said again after the end (a "begin" typed later): no second copy of the last message.
            await chat.SayAsync($"You have answered every question already, {answers.Name} — thank you. `/summary` shows your answers; the buttons on the last message download them or withdraw.");
            return;
        }

        await ShowProgressAsync(chat, answers);
        if (answers.Consented is null)
        {
            var consent = await chat.AskActionAsync(
                "Do you consent to take part? You can read the participant information (side panel) and the consent form above first.",
                [ChatAction.Create("consent", "I consent", icon: "check"), ChatAction.Create("decline", "I do not consent", icon: "x")]);
            answers = Save(chat, a => a with { Consented = consent.Name == "consent" });
            if (answers.Consented == false)
            {
                await ShowProgressAsync(chat, answers);
                await chat.SayAsync("Understood — you are not taking part, and nothing was recorded. Thank you.");
                return;
            }

            await ShowProgressAsync(chat, answers);
        }

        if (answers.Name is null)
        {
            var name = await chat.AskAsync("What name should we use for you in the study notes?");
            answers = Save(chat, a => a with { Name = name.Trim() });
            await ShowProgressAsync(chat, answers);
        }

        if (answers.PhotoFileId is null)
        {
            var photos = await chat.AskFileAsync(
                $"Thanks, {answers.Name}. Please upload a photo of your workspace (PNG or JPEG, at most 5 MB).",
                new FileAskOptions { Accept = ["image/png", "image/jpeg"], MaxFiles = 1, MaxSizeMb = 5 });
            var photo = photos[0];
            answers = Save(chat, a => a with { PhotoFileId = photo.Id, PhotoName = photo.Name });
            var bytes = await chat.Files.ReadAllBytesAsync(photo, chat.Aborted);
            await chat.SayAsync(
                "Got it — here it is, for the record.",
                new MessageOptions { Elements = [ChatElement.Image(photo.Name, ElementSource.FromBytes(bytes), ElementSize.Small)] });
            await ShowProgressAsync(chat, answers);
        }

        if (answers.Satisfaction is null)
        {
            var rating = await chat.AskElementAsync(
                "How satisfied are you with your workspace?",
                "Likert",
                JsonSerializer.SerializeToElement(new { min = 1, max = 5, low = "Not at all", high = "Very" }));
            answers = Save(chat, a => a with { Satisfaction = rating.ValueKind == JsonValueKind.Number ? rating.GetInt32() : 3 });
            await ShowProgressAsync(chat, answers);
        }

        // Action icons are names the UI knows (check, x, download, refresh, …), not emoji.
        await chat.SayAsync(
            $"That's everything, {answers.Name} — thank you! You can download your answers or withdraw at any time.",
            new MessageOptions
            {
                Actions =
                [
                    ChatAction.Create(InterviewActions.Download, "Download my answers", icon: "download", tooltip: "A JSON file of everything you answered"),
                    ChatAction.Create(InterviewActions.Withdraw, "Withdraw", icon: "x", tooltip: "Discard your answers"),
                ],
                Elements = [StudyMaterials.SatisfactionChart(answers.Satisfaction ?? 3)],
            });
    }

    public static async Task SummarizeAsync(ChatContext chat)
    {
        var answers = chat.Session.Get<Answers>(Answers.Key) ?? new Answers();
        var detail = chat.Settings.GetDouble(InterviewSettings.Detail, 2);
        var lines = new List<string>
        {
            $"- Consent: {(answers.Consented switch { true => "given", false => "declined", null => "not yet" })}",
            $"- Name: {answers.Name ?? "not yet"}",
            $"- Photo: {answers.PhotoName ?? "not yet"}",
            $"- Satisfaction: {(answers.Satisfaction is { } s ? $"{s} of 5" : "not yet")}",
        };
        if (detail >= 3)
        {
            lines.Add($"- Participant id from the study site: {answers.ParticipantId ?? "none"}");
            lines.Add($"- Pilot run: {(answers.Pilot ? "yes" : "no")}");
        }

        await chat.SayAsync("Your answers so far:\n\n" + string.Join('\n', lines));
    }

    /// <summary>
    /// Records one answer on the session's current answers — not on the copy read before the question,
    /// which may be minutes old: a window message (the participant id) may have changed them meanwhile.
    /// </summary>
    private static Answers Save(ChatContext chat, Func<Answers, Answers> change)
    {
        var answers = change(chat.Session.Get<Answers>(Answers.Key) ?? new Answers());
        chat.Session.Set(Answers.Key, answers);
        return answers;
    }

    /// <summary>Shows (or updates) the task list, and tells an embedding page how far the participant is.</summary>
    public static async Task ShowProgressAsync(ChatContext chat, Answers answers)
    {
        bool[] done = [answers.Consented is not null, answers.Name is not null, answers.PhotoFileId is not null, answers.Satisfaction is not null];
        var current = Array.IndexOf(done, false);
        var tasks = Steps.Select((title, i) => new ElementTask(
            title,
            done[i] ? ElementTaskStatus.Done : i == current && answers.Consented != false ? ElementTaskStatus.Running : answers.Consented == false && i > 0 ? ElementTaskStatus.Failed : ElementTaskStatus.Ready));
        var status = answers.Consented == false ? "Withdrawn" : current < 0 ? "Complete" : $"Step {current + 1} of {Steps.Length}";
        var list = ChatElement.TaskList("Interview progress", tasks, status);
        if (chat.Session.Get<string>(TaskListKey) is { } id)
        {
            await chat.UpdateElementAsync(id, list);
        }
        else
        {
            chat.Session.Set(TaskListKey, (await chat.SendElementAsync(list)).Id);
        }

        await chat.SendWindowMessageAsync(JsonSerializer.SerializeToElement(new { type = "progress", step = current < 0 ? Steps.Length : current, of = Steps.Length }));
    }
}
