using System.Text.Json;
using Parley;

namespace Interview;

/// <summary>The buttons on the interview's last message, registered with <c>WithAction</c>.</summary>
internal static class InterviewActions
{
    public const string Download = "download";
    public const string Withdraw = "withdraw";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Sends the participant's answers as a JSON file they can download.</summary>
    public static async Task DownloadAsync(ChatContext chat, ActionContext action)
    {
        var answers = chat.Session.Get<Answers>(Answers.Key) ?? new Answers();
        var json = JsonSerializer.SerializeToUtf8Bytes(answers, Indented);
        await chat.SayAsync(
            "Here is everything you answered.",
            new MessageOptions { Elements = [ChatElement.File("my-answers.json", ElementSource.FromBytes(json), "application/json")] });
    }

    /// <summary>Discards the answers; the action buttons are removed so nobody can click them again.</summary>
    public static async Task WithdrawAsync(ChatContext chat, ActionContext action)
    {
        await action.RemoveAllAsync(chat.Aborted);
        await WithdrawAsync(chat);
    }

    public static async Task WithdrawAsync(ChatContext chat)
    {
        var answers = chat.Session.Get<Answers>(Answers.Key) ?? new Answers();
        var withdrawn = new Answers { Consented = false, Pilot = answers.Pilot, ParticipantId = answers.ParticipantId };
        chat.Session.Set(Answers.Key, withdrawn);
        await InterviewFlow.ShowProgressAsync(chat, withdrawn);
        await chat.SayAsync("You have withdrawn from the study; your answers are discarded. Thank you for your time.");
    }
}
