using System.Text.Json;

namespace Parley;

/// <summary><c>window.message</c> (ephemeral): data for the page that embeds the chat.</summary>
public sealed record WindowMessageEvent : ChatEvent
{
    /// <summary>The data, any JSON value.</summary>
    public required JsonElement Data { get; init; }
}
