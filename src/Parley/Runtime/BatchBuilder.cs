using System.Text;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// Turns a group of write entries into one <see cref="StoreBatch"/>: merges consecutive contiguous
/// deltas of one item field into one event (keeping the last seq, so replay stays positional and
/// seqs only skip), drops deltas an <c>item.updated</c> of the same item supersedes, and keeps the
/// materialised items current — an item added or replaced in the batch is written whole, while an
/// item that only streamed gets its new text appended, so a long reply never costs its length again
/// on every batch.
/// </summary>
/// <remarks>Used by the store writer's single loop only; not thread-safe. Holds no state between batches.</remarks>
internal sealed class BatchBuilder
{
    private readonly Dictionary<string, PendingDelta> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchItem> _items = new(StringComparer.Ordinal);

    public StoreBatch Build(List<WriteEntry> entries)
    {
        var events = new List<StoredEvent>(entries.Count);
        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        var threads = new Dictionary<string, ThreadRecord>(StringComparer.Ordinal);
        var removed = new List<string>();
        var deleted = new List<string>();
        _pending.Clear();
        _items.Clear();

        foreach (var entry in entries)
        {
            if (entry.Event is { } evt)
            {
                AddEvent(entry, evt, events);
                Materialize(evt, removed);
            }

            foreach (var run in entry.Runs ?? [])
            {
                runs[run.Id] = run;
            }

            if (entry.Thread is { } thread)
            {
                threads[thread.Id] = thread;
            }

            if (entry.DeletesThread)
            {
                FlushPending(entry.Log.ThreadId, events);
                deleted.Add(entry.Log.ThreadId);
                foreach (var id in _items.Where(kv => kv.Value.ThreadId == entry.Log.ThreadId).Select(kv => kv.Key).ToList())
                {
                    _items.Remove(id);
                }
            }
        }

        foreach (var threadId in _pending.Keys.ToList())
        {
            FlushPending(threadId, events);
        }

        var upserts = new List<ItemRecord>();
        var appends = new List<ItemTextAppend>();
        foreach (var item in _items.Values)
        {
            item.Emit(upserts, appends);
        }

        return new StoreBatch
        {
            Events = events,
            Items = upserts,
            ItemAppends = appends,
            RemovedItemIds = removed,
            Runs = [.. runs.Values],
            Threads = [.. threads.Values],
            DeletedThreadIds = deleted,
        };
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
                _items[added.Item.Id] = BatchItem.Whole(evt.ThreadId, added.Item, position: evt.Seq);
                break;
            case ItemUpdatedEvent updated:
                // Appends earlier in the batch are superseded by the full state.
                _items[updated.Item.Id] = BatchItem.Whole(evt.ThreadId, updated.Item, position: -1);
                break;
            case ItemDeltaEvent delta:
                if (!_items.TryGetValue(delta.ItemId, out var item))
                {
                    _items[delta.ItemId] = item = BatchItem.Appended(evt.ThreadId, delta.ItemId);
                }

                item.Apply(delta.Field, delta.Offset, delta.Text);
                break;
            case ItemRemovedEvent gone:
                _items.Remove(gone.ItemId);
                removed.Add(gone.ItemId);
                break;
        }
    }

    /// <summary>An item's change within one batch: written whole, or text appended to what is stored.</summary>
    private sealed class BatchItem
    {
        private readonly ChatItem? _whole;
        private readonly long _position;
        private readonly string _itemId;
        private readonly StringBuilder?[] _texts = new StringBuilder?[3];
        private readonly int[] _offsets = new int[3];
        private List<ItemTextAppend>? _earlier;

        private BatchItem(string threadId, string itemId, ChatItem? whole, long position)
        {
            ThreadId = threadId;
            _itemId = itemId;
            _whole = whole;
            _position = position;
        }

        public string ThreadId { get; }

        public static BatchItem Whole(string threadId, ChatItem item, long position) => new(threadId, item.Id, item, position);

        public static BatchItem Appended(string threadId, string itemId) => new(threadId, itemId, whole: null, position: -1);

        public void Apply(ItemField field, int offset, string text)
        {
            var i = (int)field;
            if (_whole is not null)
            {
                var whole = _texts[i] ??= new StringBuilder(_whole.GetText(field));
                whole.Length = Math.Min(offset, whole.Length);
                whole.Append(text);
                return;
            }

            if (_texts[i] is { } pending && _offsets[i] + pending.Length != offset)
            {
                // Not contiguous with what is pending (positional deltas allow it): keep both, in order.
                (_earlier ??= []).Add(new ItemTextAppend(ThreadId, _itemId, field, _offsets[i], pending.ToString()));
                _texts[i] = null;
            }

            if (_texts[i] is null)
            {
                _texts[i] = new StringBuilder(text);
                _offsets[i] = offset;
            }
            else
            {
                _texts[i]!.Append(text);
            }
        }

        public void Emit(List<ItemRecord> upserts, List<ItemTextAppend> appends)
        {
            if (_whole is not null)
            {
                var item = _whole;
                for (var i = 0; i < _texts.Length; i++)
                {
                    if (_texts[i] is { } text)
                    {
                        item = item.WithText((ItemField)i, text.ToString());
                    }
                }

                upserts.Add(new ItemRecord(ThreadId, item, _position));
                return;
            }

            appends.AddRange(_earlier ?? []);
            for (var i = 0; i < _texts.Length; i++)
            {
                if (_texts[i] is { } text)
                {
                    appends.Add(new ItemTextAppend(ThreadId, _itemId, (ItemField)i, _offsets[i], text.ToString()));
                }
            }
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
