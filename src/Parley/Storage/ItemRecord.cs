namespace Parley.Storage;

/// <summary>An item's materialised state, written by the store writer.</summary>
/// <param name="ThreadId">The thread the item belongs to.</param>
/// <param name="Item">The item's state after the batch.</param>
/// <param name="Position">
/// The <c>seq</c> of the item's <c>item.added</c>, which orders items in a snapshot. Used when the item is
/// inserted; an update keeps the stored position.
/// </param>
public sealed record ItemRecord(string ThreadId, ChatItem Item, long Position);
