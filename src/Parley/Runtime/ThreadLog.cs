using Parley.Serialization;
using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// One thread's log as its host writes it: assigns each event the next <c>seq</c>, keeps the state of
/// open items (so deltas get their offsets and a stop sees partial text), and hands everything to the
/// store writer in order. Subscribers get an event only once the writer made it durable.
/// </summary>
/// <remarks>
/// Not thread-safe: every append happens under the owning host's gate, which keeps seq order equal
/// to queue order. <see cref="OnDurable"/> and <see cref="OnWriteFailed"/> are called by the writer.
/// </remarks>
internal sealed class ThreadLog
{
    private readonly StoreWriter _writer;
    private readonly SubscriberHub _hub;
    private Dictionary<string, OpenItem> _open;
    private long _lastSeq;
    private volatile Exception? _fault;
    private bool _deleted;

    public ThreadLog(string threadId, long lastSeq, IEnumerable<ChatItem> openItems, StoreWriter writer, SubscriberHub hub)
    {
        ThreadId = threadId;
        _lastSeq = lastSeq;
        _writer = writer;
        _hub = hub;
        _open = openItems.ToDictionary(i => i.Id, i => new OpenItem(i), StringComparer.Ordinal);
    }

    public string ThreadId { get; }

    /// <summary>The seq of the last event appended (durable or not yet).</summary>
    public long LastSeq => _lastSeq;

    public bool IsFaulted => _fault is not null;

    public IEnumerable<OpenItem> OpenItems => _open.Values;

    public bool TryGetOpen(string itemId, out OpenItem item) => _open.TryGetValue(itemId, out item!);

    /// <summary>Appends an event (with run and thread records saved in the same transaction).</summary>
    /// <returns>A task that completes when the event is durable (at once when <paramref name="durable"/> is false).</returns>
    public async ValueTask<Task> AppendAsync(
        ThreadEvent evt, RunRecord? run = null, ThreadRecord? thread = null, bool durable = true, CancellationToken cancellationToken = default)
    {
        ThrowIfFaulted();
        var seq = _lastSeq + 1;
        if (evt.Seq != seq)
        {
            evt = evt with { Seq = seq };
        }

        var entry = new WriteEntry(this)
        {
            Event = evt,
            Frame = EventFrame.Durable(seq, ParleyJson.SerializeEvent(evt)),
            Runs = run is null ? null : [run],
            Thread = thread,
            Durable = durable ? WriteEntry.NewCompletion() : null,
        };

        // State changes only once the entry is queued, so a cancelled wait changes nothing.
        await _writer.EnqueueAsync(entry, cancellationToken);
        _lastSeq = seq;
        Apply(evt);
        return entry.Durable?.Task ?? Task.CompletedTask;
    }

    /// <summary>Appends text to a field of an open item as a positional delta. Not awaited for durability.</summary>
    public async ValueTask AppendDeltaAsync(string itemId, ItemField field, string text, string? runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        if (!_open.TryGetValue(itemId, out var item))
        {
            throw new InvalidOperationException($"Item {itemId} is not in progress.");
        }

        var sendable = item.TakeSendable(field, text);
        if (sendable.Length == 0)
        {
            return;
        }

        var evt = new ItemDeltaEvent
        {
            // The seq is set here so the hot path does not copy the event to stamp it.
            Seq = _lastSeq + 1,
            ThreadId = ThreadId,
            RunId = runId,
            At = at,
            ItemId = itemId,
            Field = field,
            Offset = item.Length(field),
            Text = sendable,
        };
        await AppendAsync(evt, durable: false, cancellationToken: cancellationToken);
    }

    /// <summary>Saves records with no event (runs, session values), all in one transaction.</summary>
    public async ValueTask<Task> WriteRecordsAsync(IReadOnlyList<RunRecord>? runs, ThreadRecord? thread, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        var entry = new WriteEntry(this) { Runs = runs, Thread = thread, Durable = WriteEntry.NewCompletion() };
        await _writer.EnqueueAsync(entry, cancellationToken);
        return entry.Durable.Task;
    }

    /// <summary>Deletes the thread and everything in it, after everything queued before.</summary>
    public async ValueTask<Task> DeleteThreadAsync(CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        var entry = new WriteEntry(this) { DeletesThread = true, Durable = WriteEntry.NewCompletion() };
        await _writer.EnqueueAsync(entry, cancellationToken);
        _open.Clear();
        _deleted = true;
        return entry.Durable.Task;
    }

    /// <summary>
    /// After a failed write: waits until the writer has failed everything this log queued, then
    /// reloads the last seq and the open items from the store. Seqs that never became durable are
    /// reused, which is safe: no subscriber ever saw them.
    /// </summary>
    public async Task ResyncAsync(IChatStore store, CancellationToken cancellationToken)
    {
        var marker = new WriteEntry(this) { IsReset = true, Durable = WriteEntry.NewCompletion() };
        await _writer.EnqueueAsync(marker, cancellationToken);
        await marker.Durable.Task.WaitAsync(cancellationToken);
        var lastSeq = await store.GetLastSeqAsync(ThreadId, cancellationToken);
        var open = await store.GetOpenItemsAsync(ThreadId, cancellationToken);
        _lastSeq = lastSeq;
        _open = open.ToDictionary(i => i.Id, i => new OpenItem(i), StringComparer.Ordinal);
        _fault = null;
    }

    internal void OnDurable(WriteEntry entry)
    {
        if (entry.Frame is { } frame)
        {
            _hub.Publish(frame);
        }
    }

    internal void OnWriteFailed(Exception exception) => _fault = exception;

    private void ThrowIfFaulted()
    {
        if (_deleted)
        {
            throw new ChatStoreException("The thread was deleted.", isTransient: false);
        }

        if (_fault is { } fault)
        {
            throw new ChatStoreException("An earlier write of this thread failed; it must resync first.", isTransient: true, fault);
        }
    }

    private void Apply(ThreadEvent evt)
    {
        switch (evt)
        {
            case ItemAddedEvent { Item: var item } when item.Status.IsOpen():
                _open[item.Id] = new OpenItem(item);
                break;
            case ItemUpdatedEvent { Item: var item }:
                if (item.Status.IsOpen())
                {
                    _open[item.Id] = new OpenItem(item);
                }
                else
                {
                    _open.Remove(item.Id);
                }

                break;
            case ItemDeltaEvent delta:
                _open[delta.ItemId].Append(delta.Field, delta.Text);
                break;
            case ItemRemovedEvent removed:
                _open.Remove(removed.ItemId);
                break;
        }
    }
}
