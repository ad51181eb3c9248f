using System.Text.Json;

namespace Parley;

/// <summary>Options of an assistant message created by <see cref="ChatContext.SayAsync"/> or <see cref="ChatContext.BeginMessageAsync"/>.</summary>
public sealed record MessageOptions
{
    /// <summary>Buttons under the message. Default none.</summary>
    public IReadOnlyList<ChatAction> Actions { get; init; } = [];

    /// <summary>The author shown. Default <see cref="Hosting.ParleyOptions.AppName"/>.</summary>
    public string? Author { get; init; }

    /// <summary>Metadata to attach. Default none.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>Elements shown with the message (their <see cref="ChatElement.ForItemId"/> becomes the message). Default none.</summary>
    public IReadOnlyList<ChatElement> Elements { get; init; } = [];
}
