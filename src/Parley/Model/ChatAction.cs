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

    /// <summary>Creates an action with a fresh id (<c>act_…</c>). Build a payload with <c>JsonSerializer.SerializeToElement</c>.</summary>
    /// <param name="name">The handler name the click is routed to (see <c>WithAction</c>).</param>
    /// <param name="label">The button text.</param>
    /// <param name="payload">Data handed to the handler on click; default none.</param>
    /// <param name="icon">An icon name; default none.</param>
    /// <param name="tooltip">A tooltip; default none.</param>
    public static ChatAction Create(string name, string label, JsonElement? payload = null, string? icon = null, string? tooltip = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return new ChatAction
        {
            Id = "act_" + Guid.NewGuid().ToString("N"),
            Name = name,
            Label = label,
            Payload = payload,
            Icon = icon,
            Tooltip = tooltip,
        };
    }
}
