namespace Parley;

/// <summary>
/// <c>item.delta</c>: a text field of an item becomes <c>field[0:offset] + text</c>. Positional, so
/// applying it twice, or applying a merged delta covering text the client already has, is harmless.
/// An offset beyond the client's current length means the client missed something (a gap).
/// </summary>
public sealed record ItemDeltaEvent : ThreadEvent
{
    /// <summary>The item whose field changes.</summary>
    public required string ItemId { get; init; }

    /// <summary>The field that changes.</summary>
    public required ItemField Field { get; init; }

    /// <summary>Where the new text starts, in UTF-16 code units (JavaScript string indices).</summary>
    public required int Offset { get; init; }

    /// <summary>The text from <see cref="Offset"/> on.</summary>
    public required string Text { get; init; }
}
