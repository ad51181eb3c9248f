namespace Parley.Storage;

/// <summary>
/// Streamed text for an item the store already has: the field becomes <c>field[0:Offset] + Text</c>.
/// The store writer sends appends instead of rewriting an in-progress item whole, so materialising a
/// long streamed reply costs what was added, not the reply's length, on every batch.
/// </summary>
/// <param name="ThreadId">The item's thread.</param>
/// <param name="ItemId">The item, stored by an earlier batch.</param>
/// <param name="Field">The text field.</param>
/// <param name="Offset">Where the text starts, in UTF-16 code units; never past the field's current end.</param>
/// <param name="Text">The text.</param>
public sealed record ItemTextAppend(string ThreadId, string ItemId, ItemField Field, int Offset, string Text);
