namespace Parley;

/// <summary>
/// A chat profile the user picks for a new chat (a persona, a model, a mode). The chosen one is on
/// <see cref="ThreadInfo.Profile"/> (by name) and <see cref="ChatContext.Profile"/>.
/// </summary>
public sealed record ChatProfile
{
    /// <summary>The profile's name: shown, and sent by the client on thread creation. 1 to 64 characters, unique.</summary>
    public required string Name { get; init; }

    /// <summary>A short description shown in the picker. Default none.</summary>
    public string? Description { get; init; }

    /// <summary>An icon: a built-in icon name, an emoji or short text, or an app-relative URL beginning with <c>/</c>. Default none.</summary>
    public string? Icon { get; init; }

    /// <summary>The starters shown on an empty chat of this profile; when empty, the app's starters are shown. Default none.</summary>
    public IReadOnlyList<Starter> Starters { get; init; } = [];

    /// <summary>True for the profile a new chat gets when the client names none. Default false (then the first profile is the default).</summary>
    public bool IsDefault { get; init; }
}
