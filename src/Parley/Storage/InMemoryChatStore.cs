namespace Parley.Storage;

/// <summary>
/// A store that keeps everything in process memory: for tests, demos and apps that need no
/// persistence. Everything is lost when the process ends.
/// </summary>
/// <remarks>Thread-safe: one lock guards all state; reads return immutable records.</remarks>
public sealed partial class InMemoryChatStore : IChatStore
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, ThreadRecord> _threads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredEvent>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ItemRecord> _items = new(StringComparer.Ordinal);

    // Text streamed into stored items, kept apart so an append costs its length, not the item's.
    private readonly Dictionary<(string ItemId, ItemField Field), System.Text.StringBuilder> _appended = [];
    private readonly Dictionary<string, RunRecord> _runs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask CommitAsync(StoreBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            // Validate everything before changing anything, so a rejected batch leaves nothing behind.
            ThrowIfAnyEventIsNotAfterLastSeq(batch.Events);
            ThrowIfAnyAppendIsInvalid(batch);
            foreach (var e in batch.Events)
            {
                if (!_events.TryGetValue(e.ThreadId, out var log))
                {
                    _events[e.ThreadId] = log = [];
                }

                log.Add(e);
            }

            foreach (var item in batch.Items)
            {
                _items[item.Item.Id] = _items.TryGetValue(item.Item.Id, out var existing)
                    ? existing with { Item = item.Item }
                    : item;
                ForgetAppends(item.Item.Id);
            }

            foreach (var append in batch.ItemAppends)
            {
                var key = (append.ItemId, append.Field);
                if (!_appended.TryGetValue(key, out var text))
                {
                    _appended[key] = text = new System.Text.StringBuilder(_items[append.ItemId].Item.GetText(append.Field));
                }

                text.Length = append.Offset;
                text.Append(append.Text);
            }

            foreach (var id in batch.RemovedItemIds)
            {
                _items.Remove(id);
                ForgetAppends(id);
            }

            foreach (var run in batch.Runs)
            {
                _runs[run.Id] = run;
            }

            foreach (var thread in batch.Threads)
            {
                if (_threads.ContainsKey(thread.Id))
                {
                    _threads[thread.Id] = thread;
                }
            }

            foreach (var threadId in batch.DeletedThreadIds)
            {
                DeleteThread(threadId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ThreadRecord> CreateThreadAsync(ThreadRecord thread, RunRecord? initialRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            if (thread.ClientId is not null)
            {
                foreach (var existing in _threads.Values)
                {
                    if (existing.OwnerId == thread.OwnerId && existing.ClientId == thread.ClientId)
                    {
                        return ValueTask.FromResult(existing);
                    }
                }
            }

            if (!_threads.TryAdd(thread.Id, thread))
            {
                throw new ChatStoreException($"Thread {thread.Id} already exists.", isTransient: false);
            }

            if (initialRun is not null)
            {
                _runs[initialRun.Id] = initialRun;
            }

            return ValueTask.FromResult(thread);
        }
    }

    private ChatItem Materialize(ItemRecord record)
    {
        var item = record.Item;
        foreach (var field in (ReadOnlySpan<ItemField>)[ItemField.Content, ItemField.Input, ItemField.Output])
        {
            if (_appended.TryGetValue((item.Id, field), out var text))
            {
                item = item.WithText(field, text.ToString());
            }
        }

        return item;
    }

    private void ForgetAppends(string itemId)
    {
        _appended.Remove((itemId, ItemField.Content));
        _appended.Remove((itemId, ItemField.Input));
        _appended.Remove((itemId, ItemField.Output));
    }

    private void ThrowIfAnyAppendIsInvalid(StoreBatch batch)
    {
        var lengths = new Dictionary<(string, ItemField), int>();
        foreach (var append in batch.ItemAppends)
        {
            var key = (append.ItemId, append.Field);
            if (!_items.TryGetValue(append.ItemId, out var record) || record.ThreadId != append.ThreadId ||
                batch.Items.Any(i => i.Item.Id == append.ItemId) || record.Item.GetText(append.Field) is not { } stored)
            {
                throw new ChatStoreException($"Append to {append.ItemId}.{append.Field}, which is not a stored item with that field.", isTransient: false);
            }

            var length = lengths.TryGetValue(key, out var seen) ? seen : _appended.TryGetValue(key, out var text) ? text.Length : stored.Length;
            if (append.Offset < 0 || append.Offset > length)
            {
                throw new ChatStoreException($"Append to {append.ItemId}.{append.Field} at {append.Offset} is past its end ({length}).", isTransient: false);
            }

            lengths[key] = append.Offset + append.Text.Length;
        }
    }

    private List<ItemRecord> ItemsOf(string threadId) =>
        _items.Values.Where(r => r.ThreadId == threadId).OrderBy(r => r.Position).ToList();

    private List<RunRecord> UnfinishedRuns(string threadId) =>
        _runs.Values.Where(r => r.ThreadId == threadId && r.IsUnfinished)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

    private void ThrowIfAnyEventIsNotAfterLastSeq(IReadOnlyList<StoredEvent> events)
    {
        var lastSeqs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var last = lastSeqs.TryGetValue(e.ThreadId, out var seen) ? seen : LastSeq(e.ThreadId);
            if (e.Seq <= last)
            {
                throw new ChatStoreException($"Event {e.ThreadId}/{e.Seq} is not after the last seq {last}.", isTransient: false);
            }

            lastSeqs[e.ThreadId] = e.Seq;
        }
    }

    private long LastSeq(string threadId) =>
        _events.TryGetValue(threadId, out var log) && log.Count > 0 ? log[^1].Seq : 0;

    private static int FirstIndexAfter(List<StoredEvent> log, long afterSeq)
    {
        int lo = 0, hi = log.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (log[mid].Seq <= afterSeq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void DeleteThread(string threadId)
    {
        _threads.Remove(threadId);
        _events.Remove(threadId);
        foreach (var id in _items.Values.Where(r => r.ThreadId == threadId).Select(r => r.Item.Id).ToList())
        {
            _items.Remove(id);
            ForgetAppends(id);
        }

        foreach (var id in _runs.Values.Where(r => r.ThreadId == threadId).Select(r => r.Id).ToList())
        {
            _runs.Remove(id);
        }
    }
}
