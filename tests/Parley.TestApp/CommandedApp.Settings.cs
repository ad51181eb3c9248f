using System.Globalization;

namespace Parley.TestApp;

/// <summary>
/// Chat settings, profiles, starters and slash commands: a message with a command is answered
/// <c>command ID: TEXT</c>; <c>settings</c> reports the current values; <c>profile</c> names the thread's
/// profile; a settings change is answered <c>settings changed: …</c>.
/// </summary>
internal sealed partial class CommandedApp
{
    public override Task OnSettingsUpdateAsync(ChatContext chat, SettingsUpdate update) =>
        chat.SayAsync($"settings changed ({string.Join(",", update.Changed)}): {Describe(chat.Settings)}");

    private static async Task<bool> TrySettingsSliceAsync(ChatContext chat, UserMessage message)
    {
        if (message.Command is { } command)
        {
            await chat.SayAsync($"command {command}: {message.Content}");
            return true;
        }

        switch (message.Content.Trim())
        {
            case "settings":
                await chat.SayAsync("settings: " + Describe(chat.Settings));
                return true;
            case "profile":
                await chat.SayAsync("profile: " + (chat.Profile?.Name ?? "none"));
                return true;
            default:
                return false;
        }
    }

    private static string Describe(ChatSettings settings) => string.Create(
        CultureInfo.InvariantCulture,
        $"model={settings.GetString("model")}, stream={settings.GetBool("stream")}, temperature={settings.GetDouble("temperature")}");
}
