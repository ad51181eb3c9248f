namespace Parley.Storage;

/// <content>Reads: threads, snapshots, events, items and runs.</content>
public sealed partial class InMemoryChatStore
{
    /// <inheritdoc />
    public ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(_threads.GetValueOrDefault(threadId));
        }
    }

    /// <inheritdoc />
    public ValueTask<ThreadPage> ListThreadsAsync(ThreadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hasCursor = ThreadCursor.TryParse(query.Cursor, out var cursor);
        List<ThreadRecord> page;
        lock (_sync)
        {
            page = _threads.Values
                .Where(t => t.OwnerId == query.OwnerId)
                .Where(t => query.Search is null || (t.Name?.Contains(query.Search, StringComparison.OrdinalIgnoreCase) ?? false))
                .Where(t => !hasCursor || cursor.Precedes(t))
                .OrderByDescending(t => t.UpdatedAt.UtcTicks)
                .ThenByDescending(t => t.Id, StringComparer.Ordinal)
                .Take(query.Limit + 1)
                .ToList();
        }

        string? next = null;
        if (page.Count > query.Limit)
        {
            page.RemoveAt(page.Count - 1);
            next = ThreadCursor.After(page[^1]).ToString();
        }

        return ValueTask.FromResult(new ThreadPage(page, next));
    }

    /// <inheritdoc />
    public ValueTask<ThreadSnapshot?> GetSnapshotAsync(string threadId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (!_threads.TryGetValue(threadId, out var thread))
            {
                return ValueTask.FromResult<ThreadSnapshot?>(null);
            }

            var runs = UnfinishedRuns(threadId);
            return ValueTask.FromResult<ThreadSnapshot?>(new ThreadSnapshot
            {
                Thread = thread,
                Items = ItemsOf(threadId).Select(Materialize).ToList(),
                LastSeq = LastSeq(threadId),
                ActiveRun = runs.FirstOrDefault(r => r.Status == RunStatus.Running),
                QueuedRuns = runs.Where(r => r.Status == RunStatus.Queued).ToList(),
            });
        }
    }

    /// <inheritdoc />
    public ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(LastSeq(threadId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredEvent>> ReadEventsAsync(string threadId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (!_events.TryGetValue(threadId, out var log))
            {
                return ValueTask.FromResult<IReadOnlyList<StoredEvent>>([]);
            }

            var start = FirstIndexAfter(log, afterSeq);
            var count = Math.Min(limit, log.Count - start);
            return ValueTask.FromResult<IReadOnlyList<StoredEvent>>(log.GetRange(start, Math.Max(0, count)));
        }
    }

    /// <inheritdoc />
    public ValueTask<ChatItem?> GetItemAsync(string threadId, string itemId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(
                _items.TryGetValue(itemId, out var r) && r.ThreadId == threadId ? Materialize(r) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatItem>> GetItemsAsync(string threadId, int limit, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            var all = ItemsOf(threadId);
            return ValueTask.FromResult<IReadOnlyList<ChatItem>>(all.Skip(Math.Max(0, all.Count - limit)).Select(Materialize).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatItem>> GetOpenItemsAsync(string threadId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult<IReadOnlyList<ChatItem>>(
                ItemsOf(threadId).Where(r => r.Item.Status.IsOpen()).Select(Materialize).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask<UserMessage?> FindMessageByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(_items.Values
                .Where(r => r.ThreadId == threadId)
                .Select(r => r.Item)
                .OfType<UserMessage>()
                .FirstOrDefault(m => m.ClientId == clientId));
        }
    }

    /// <inheritdoc />
    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(_runs.GetValueOrDefault(runId));
        }
    }

    /// <inheritdoc />
    public ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(_runs.Values.FirstOrDefault(r => r.ThreadId == threadId && r.ClientId == clientId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunRecord>> GetUnfinishedRunsAsync(string threadId, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult<IReadOnlyList<RunRecord>>(UnfinishedRuns(threadId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> GetThreadsNeedingRecoveryAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            var ids = _runs.Values.Where(r => r.Status == RunStatus.Running).Select(r => r.ThreadId)
                .Concat(_items.Values.Where(r => r.Item.Status.IsOpen()).Select(r => r.ThreadId))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            return ValueTask.FromResult<IReadOnlyList<string>>(ids);
        }
    }
}
