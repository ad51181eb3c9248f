namespace Parley.Testing;

/// <summary>
/// A client's view of a thread, rebuilt only from what a client receives: a snapshot, then events
/// applied the way the protocol says (drop seq ≤ last applied, positional deltas, gap detection).
/// </summary>
public sealed class ThreadReplica
{
    private readonly List<ChatItem> _items = [];

    public ThreadReplica(IEnumerable<ChatItem>? items = null, long lastSeq = 0)
    {
        _items.AddRange(items ?? []);
        LastSeq = lastSeq;
    }

    public long LastSeq { get; private set; }

    public IReadOnlyList<ChatItem> Items => _items;

    /// <summary>True once a delta arrived whose offset is past the text the replica has.</summary>
    public bool HasGap { get; private set; }

    public List<string> Violations { get; } = [];

    public Dictionary<string, int> RunsStarted { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RunFinishedEvent> RunsFinished { get; } = new(StringComparer.Ordinal);

    public List<string> DuplicateRunFinished { get; } = [];

    public bool ResyncRequested { get; private set; }

    public static ThreadReplica FromView(ThreadView view) => new(view.Items, view.LastSeq);

    public T Item<T>(string id)
        where T : ChatItem => (T)_items.Single(i => i.Id == id);

    /// <summary>Applies an event; false when it was dropped as already applied.</summary>
    public bool Apply(ChatEvent evt)
    {
        if (evt is ResyncEvent)
        {
            ResyncRequested = true;
            return true;
        }

        if (evt is not ThreadEvent logged)
        {
            return true;
        }

        if (logged.Seq <= LastSeq)
        {
            return false;
        }

        LastSeq = logged.Seq;
        switch (logged)
        {
            case ItemAddedEvent added:
                if (_items.Any(i => i.Id == added.Item.Id))
                {
                    Violations.Add($"item.added for existing {added.Item.Id} at {logged.Seq}");
                }

                _items.Add(added.Item);
                break;
            case ItemUpdatedEvent updated:
                Replace(updated.Item.Id, _ => updated.Item);
                break;
            case ItemDeltaEvent delta:
                Replace(delta.ItemId, current =>
                {
                    var text = current.GetText(delta.Field) ?? "";
                    if (delta.Offset > text.Length)
                    {
                        HasGap = true;
                        return current;
                    }

                    return current.WithText(delta.Field, string.Concat(text.AsSpan(0, delta.Offset), delta.Text));
                });
                break;
            case ItemRemovedEvent removed:
                _items.RemoveAll(i => i.Id == removed.ItemId);
                break;
            case RunStartedEvent started:
                RunsStarted[started.RunId!] = RunsStarted.GetValueOrDefault(started.RunId!) + 1;
                break;
            case RunFinishedEvent finished:
                if (!RunsFinished.TryAdd(finished.RunId!, finished))
                {
                    DuplicateRunFinished.Add(finished.RunId!);
                }

                break;
        }

        return true;
    }

    private void Replace(string id, Func<ChatItem, ChatItem> change)
    {
        var index = _items.FindIndex(i => i.Id == id);
        if (index < 0)
        {
            Violations.Add($"change to unknown item {id}");
            return;
        }

        _items[index] = change(_items[index]);
    }
}
