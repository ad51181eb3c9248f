using System.Text;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// Turns a group of write entries into one <see cref="StoreBatch"/>: merges consecutive contiguous
/// deltas of one item field into one event (keeping the last seq, so replay stays positional and
/// seqs only skip), drops deltas an <c>item.updated</c> of the same item supersedes, and
/// materialises each touched item's state after the batch.
/// </summary>
/// <remarks>Used by the store writer's single loop only; not thread-safe.</remarks>
internal sealed class BatchBuilder
{
    // Items that may still change, keyed by item id, across batches.
    private readonly Dictionary<string, MaterializedItem> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingDelta> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MaterializedItem> _touched = new(StringComparer.Ordinal);

    public int CachedItemCount => _items.Count;

    /// <summary>Loads into the cache the items that deltas in <paramref name="entries"/> refer to and the cache lacks.</summary>
    public async ValueTask PrepareAsync(IChatStore store, List<WriteEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (entry.Event is ItemDeltaEvent delta && !_items.ContainsKey(delta.ItemId) && !AddedEarlier(entries, entry, delta.ItemId))
            {
                var item = await store.GetItemAsync(delta.ThreadId, delta.ItemId, cancellationToken)
                    ?? throw new InvalidOperationException($"Delta for unknown item {delta.ItemId}.");
                _items[item.Id] = new MaterializedItem(delta.ThreadId, item, position: -1);
            }
        }
    }

    public StoreBatch Build(List<WriteEntry> entries)
    {
        var events = new List<StoredEvent>(entries.Count);
        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        var threads = new Dictionary<string, ThreadRecord>(StringComparer.Ordinal);
        var removed = new List<string>();
        var deleted = new List<string>();
        _touched.Clear();
        _pending.Clear();

        foreach (var entry in entries)
        {
            if (entry.Event is { } evt)
            {
                AddEvent(entry, evt, events);
                Materialize(evt, removed);
            }

            if (entry.Runs is { } entryRuns)
            {
                foreach (var run in entryRuns)
                {
                    runs[run.Id] = run;
                }
            }

            if (entry.Thread is { } thread)
            {
                threads[thread.Id] = thread;
            }

            if (entry.DeletesThread)
            {
                FlushPending(entry.Log.ThreadId, events);
                deleted.Add(entry.Log.ThreadId);
                Evict(entry.Log.ThreadId);
            }
        }

        foreach (var threadId in _pending.Keys.ToList())
        {
            FlushPending(threadId, events);
        }

        return new StoreBatch
        {
            Events = events,
            Items = _touched.Values.Select(m => new ItemRecord(m.ThreadId, m.Snapshot(), m.Position)).ToList(),
            RemovedItemIds = removed,
            Runs = runs.Values.ToList(),
            Threads = threads.Values.ToList(),
            DeletedThreadIds = deleted,
        };
    }

    /// <summary>After a successful commit: forget items that can no longer change.</summary>
    public void Committed()
    {
        foreach (var m in _touched.Values)
        {
            if (!m.Item.Status.IsOpen())
            {
                _items.Remove(m.Item.Id);
            }
        }

        _touched.Clear();
    }

    /// <summary>After a failed commit: the cache ran ahead of the store for these threads; drop it.</summary>
    public void Abandon(IReadOnlySet<string> threadIds)
    {
        foreach (var threadId in threadIds)
        {
            Evict(threadId);
        }

        _touched.Clear();
    }

    private static bool AddedEarlier(List<WriteEntry> entries, WriteEntry upTo, string itemId)
    {
        foreach (var e in entries)
        {
            if (ReferenceEquals(e, upTo))
            {
                return false;
            }

            if (e.Event is ItemAddedEvent added && added.Item.Id == itemId)
            {
                return true;
            }
        }

        return false;
    }

    private void AddEvent(WriteEntry entry, ThreadEvent evt, List<StoredEvent> events)
    {
        var threadId = evt.ThreadId;
        if (evt is ItemDeltaEvent delta)
        {
            if (_pending.TryGetValue(threadId, out var p) && p.TryMerge(delta))
            {
                return;
            }

            FlushPending(threadId, events);
            _pending[threadId] = new PendingDelta(delta, entry.Frame!.Json);
            return;
        }

        if (evt is ItemUpdatedEvent updated && _pending.TryGetValue(threadId, out var superseded) &&
            superseded.ItemId == updated.Item.Id)
        {
            // The update carries the item's full state; the deltas just before it add nothing.
            _pending.Remove(threadId);
        }
        else
        {
            FlushPending(threadId, events);
        }

        events.Add(new StoredEvent(threadId, evt.Seq, entry.Frame!.Json));
    }

    private void FlushPending(string threadId, List<StoredEvent> events)
    {
        if (_pending.Remove(threadId, out var p))
        {
            events.Add(p.ToStoredEvent());
        }
    }

    private void Materialize(ThreadEvent evt, List<string> removed)
    {
        switch (evt)
        {
            case ItemAddedEvent added:
                var m = new MaterializedItem(evt.ThreadId, added.Item, evt.Seq);
                _items[added.Item.Id] = m;
                _touched[added.Item.Id] = m;
                break;
            case ItemDeltaEvent delta:
                var target = _items[delta.ItemId];
                target.Apply(delta.Field, delta.Offset, delta.Text);
                _touched[delta.ItemId] = target;
                break;
            case ItemUpdatedEvent updated:
                if (!_items.TryGetValue(updated.Item.Id, out var existing))
                {
                    existing = new MaterializedItem(evt.ThreadId, updated.Item, position: -1);
                    _items[updated.Item.Id] = existing;
                }

                existing.Replace(updated.Item);
                _touched[updated.Item.Id] = existing;
                break;
            case ItemRemovedEvent gone:
                _items.Remove(gone.ItemId);
                _touched.Remove(gone.ItemId);
                removed.Add(gone.ItemId);
                break;
        }
    }

    private void Evict(string threadId)
    {
        foreach (var id in _items.Where(kv => kv.Value.ThreadId == threadId).Select(kv => kv.Key).ToList())
        {
            _items.Remove(id);
            _touched.Remove(id);
        }
    }

    /// <summary>A run of contiguous deltas of one item field, merged as they arrive.</summary>
    private sealed class PendingDelta
    {
        private readonly ItemDeltaEvent _first;
        private readonly ReadOnlyMemory<byte> _firstJson;
        private ItemDeltaEvent _last;
        private StringBuilder? _text;

        public PendingDelta(ItemDeltaEvent first, ReadOnlyMemory<byte> firstJson)
        {
            _first = first;
            _firstJson = firstJson;
            _last = first;
        }

        public string ItemId => _first.ItemId;

        public bool TryMerge(ItemDeltaEvent next)
        {
            var end = _last.Offset + _last.Text.Length;
            if (next.ItemId != _first.ItemId || next.Field != _first.Field || next.Offset != end)
            {
                return false;
            }

            _text ??= new StringBuilder(_first.Text);
            _text.Append(next.Text);
            _last = next;
            return true;
        }

        public StoredEvent ToStoredEvent()
        {
            if (_text is null)
            {
                return new StoredEvent(_first.ThreadId, _first.Seq, _firstJson);
            }

            var merged = _last with { Offset = _first.Offset, Text = _text.ToString() };
            return new StoredEvent(_first.ThreadId, merged.Seq, ParleyJson.SerializeEvent(merged));
        }
    }
}
