namespace Parley.Hosting;

/// <summary>
/// What the app declares to its users (<see cref="ParleyOptions.Chat"/>): chat profiles, starters, slash
/// commands and the default chat settings. Listed by <c>GET /api/app</c>. Set them with
/// <c>WithProfiles</c>, <c>WithStarters</c>, <c>WithCommands</c> and <c>WithSettings</c>.
/// </summary>
public sealed class ChatAppOptions
{
    /// <summary>The chat profiles. Default none: threads have no profile and any client-given one is kept as is.</summary>
    public List<ChatProfile> Profiles { get; } = [];

    /// <summary>The starters shown on an empty chat whose profile has none. Default none.</summary>
    public List<Starter> Starters { get; } = [];

    /// <summary>The slash commands. Default none: a message's command is then not checked.</summary>
    public List<SlashCommand> Commands { get; } = [];

    /// <summary>The settings schema every new thread starts with (the app may replace it per thread). Default none.</summary>
    public List<ChatSetting> Settings { get; } = [];

    /// <summary>The profile a new chat gets when the client names none: the one marked default, else the first; null when there are none.</summary>
    public ChatProfile? DefaultProfile => Profiles.FirstOrDefault(p => p.IsDefault) ?? Profiles.FirstOrDefault();

    /// <summary>The declared profile with this name, or null.</summary>
    /// <param name="name">The name.</param>
    public ChatProfile? FindProfile(string? name) => name is null ? null : Profiles.FirstOrDefault(p => p.Name == name);
}
