namespace Parley;

/// <summary>A slash command the app declares: the composer offers it when the user types <c>/</c>, and the
/// chosen one arrives as <see cref="UserMessage.Command"/>.</summary>
/// <param name="Id">The command's id, as typed after the slash and sent on the message: 1 to 64 URL-safe characters, unique.</param>
/// <param name="Description">What it does, shown in the menu.</param>
/// <param name="Icon">An icon (see <see cref="ChatProfile.Icon"/>). Default none.</param>
public sealed record SlashCommand(string Id, string Description, string? Icon = null);
