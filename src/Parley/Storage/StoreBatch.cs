namespace Parley.Storage;

/// <summary>
/// One group commit: everything the store writer made durable at once, across threads. A store
/// applies a batch atomically, in this order: events, item upserts, item text appends, item
/// removals, run upserts, thread updates, thread deletions.
/// </summary>
public sealed record StoreBatch
{
    /// <summary>
    /// The events to append (already merged), in seq order within each thread; each is after every
    /// event already stored for its thread.
    /// </summary>
    public IReadOnlyList<StoredEvent> Events { get; init; } = [];

    /// <summary>
    /// Items to insert or replace, one entry per item, in its state after the batch. Replacing an item
    /// discards any text appended to it before.
    /// </summary>
    public IReadOnlyList<ItemRecord> Items { get; init; } = [];

    /// <summary>
    /// Text streamed into items stored by earlier batches, in order. An item is never both in
    /// <see cref="Items"/> and here within one batch. Every read of an item (<see cref="IChatStore.GetItemAsync"/>,
    /// <see cref="IChatStore.GetItemsAsync"/>, <see cref="IChatStore.GetOpenItemsAsync"/>,
    /// <see cref="IChatStore.GetSnapshotAsync"/>) returns it with its appends applied.
    /// </summary>
    public IReadOnlyList<ItemTextAppend> ItemAppends { get; init; } = [];

    /// <summary>Ids of items to remove.</summary>
    public IReadOnlyList<string> RemovedItemIds { get; init; } = [];

    /// <summary>Runs to insert or replace.</summary>
    public IReadOnlyList<RunRecord> Runs { get; init; } = [];

    /// <summary>
    /// Threads to update (never insert: threads are created by <see cref="IChatStore.CreateThreadAsync"/>).
    /// An update of a thread that no longer exists does nothing.
    /// </summary>
    public IReadOnlyList<ThreadRecord> Threads { get; init; } = [];

    /// <summary>Threads to delete with everything in them: events, items and runs.</summary>
    public IReadOnlyList<string> DeletedThreadIds { get; init; } = [];

    /// <summary>True when the batch writes nothing.</summary>
    public bool IsEmpty =>
        Events.Count == 0 && Items.Count == 0 && ItemAppends.Count == 0 && RemovedItemIds.Count == 0 &&
        Runs.Count == 0 && Threads.Count == 0 && DeletedThreadIds.Count == 0;
}
