using System.Text.Json;

namespace Parley;

/// <summary>
/// Rich content shown in the chat: an image, file, PDF, audio, video, text block, chart, task list or
/// custom component. The bytes are served by the server from its own storage; <see cref="Url"/> is
/// always server-issued, never taken from a client.
/// </summary>
public sealed record ElementItem : ChatItem
{
    /// <summary>How the element renders.</summary>
    public required ElementKind Kind { get; init; }

    /// <summary>The element's name (shown as its caption or link text).</summary>
    public required string Name { get; init; }

    /// <summary>Where it is shown. Defaults to <see cref="ElementDisplay.Inline"/>.</summary>
    public ElementDisplay Display { get; init; } = ElementDisplay.Inline;

    /// <summary>A size hint for the UI (<c>small</c>, <c>medium</c>, <c>large</c>).</summary>
    public string? Size { get; init; }

    /// <summary>The MIME type of the bytes, when there are bytes.</summary>
    public string? Mime { get; init; }

    /// <summary>The server-issued URL of the bytes, when there are bytes.</summary>
    public string? Url { get; init; }

    /// <summary>The message the element belongs to; null for a standalone element.</summary>
    public string? ForItemId { get; init; }

    /// <summary>Kind-specific properties (text language, figure JSON, custom component props).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Props { get; init; }
}
