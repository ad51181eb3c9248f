using System.Text.Json;
using Parley.Hosting;

namespace Parley.TestApp;

/// <summary>
/// The asks-and-actions words: <c>ask-action</c>, <c>ask-file</c> and <c>ask-element</c> ask one
/// question of that kind and say the answer; <c>offer-actions</c> replies with a <c>greet</c> action
/// (says hello) and a <c>remove-me</c> action (removes itself).
/// </summary>
internal static class AskWords
{
    public static async Task<bool> TryHandleAsync(ChatContext chat, string word)
    {
        switch (word)
        {
            case "ask-action":
                var chosen = await chat.AskActionAsync("Pick a colour", [ChatAction.Create("colour", "Red"), ChatAction.Create("colour", "Blue")]);
                await chat.SayAsync("chose " + chosen.Label);
                return true;
            case "ask-file":
                var files = await chat.AskFileAsync("Send a text file", new FileAskOptions { Accept = ["text/plain", ".txt"], MaxSizeMb = 1 });
                await chat.SayAsync($"received {files[0].Name} ({files[0].Size} bytes)");
                return true;
            case "ask-element":
                var value = await chat.AskElementAsync("Pick a number", "NumberPicker", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["max"] = 10 }));
                await chat.SayAsync("picked " + value.GetRawText());
                return true;
            case "offer-actions":
                await chat.SayAsync("Choose an action", new MessageOptions
                {
                    Actions =
                    [
                        ChatAction.Create("greet", "Greet", icon: "star", tooltip: "Say hello"),
                        ChatAction.Create("remove-me", "Remove me"),
                    ],
                });
                return true;
            default:
                return false;
        }
    }

    /// <summary>The handlers of the actions <c>offer-actions</c> shows.</summary>
    public static IParleyBuilder WithTestActions(this IParleyBuilder builder) => builder
        .WithAction("greet", (chat, _) => chat.SayAsync("hello from the greet action"))
        .WithAction("remove-me", async (chat, action) =>
        {
            await action.RemoveAsync(chat.Aborted);
            await chat.SayAsync("the action removed itself");
        });
}
