namespace Parley;

/// <summary>A button on an empty chat that sends a ready-made first message.</summary>
/// <param name="Label">The button's text.</param>
/// <param name="Message">The message it sends.</param>
/// <param name="Icon">An icon (see <see cref="ChatProfile.Icon"/>). Default none.</param>
/// <param name="Command">The slash command the message is sent with. Default none.</param>
public sealed record Starter(string Label, string Message, string? Icon = null, string? Command = null);
