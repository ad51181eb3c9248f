using System.Text.Json;

namespace Parley;

/// <summary>A button on a message or ask.</summary>
public sealed record ChatAction
{
    /// <summary>The action id, unique within its item.</summary>
    public required string Id { get; init; }

    /// <summary>The handler name the click is routed to.</summary>
    public required string Name { get; init; }

    /// <summary>The button text.</summary>
    public required string Label { get; init; }

    /// <summary>Data handed to the handler on click.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>An icon name, optional.</summary>
    public string? Icon { get; init; }

    /// <summary>A tooltip, optional.</summary>
    public string? Tooltip { get; init; }
}
