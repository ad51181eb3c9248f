using Microsoft.Data.Sqlite;
using Parley.Storage;

namespace Parley.TestApp;

/// <summary>
/// Wraps the SQLite store and fails as <see cref="InjectedFaults.Store"/> says, throwing exactly what
/// <c>SqliteChatStore</c> throws for the real error: a transient <see cref="ChatStoreException"/> around a
/// <see cref="SqliteException"/> with SQLITE_FULL (13) or SQLITE_BUSY (5). A locked database first waits
/// a little, as SQLite's busy timeout does, and succeeds if the lock ends meanwhile.
/// </summary>
internal sealed class FaultInjectingChatStore(IChatStore inner, InjectedFaults faults) : DelegatingChatStore(inner)
{
    private const int SqliteBusy = 5;
    private const int SqliteFull = 13;
    private static readonly TimeSpan BusyWait = TimeSpan.FromMilliseconds(200);

    public override async ValueTask CommitAsync(StoreBatch batch, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: true, "commit a batch", cancellationToken);
        await base.CommitAsync(batch, cancellationToken);
    }

    public override async ValueTask<ThreadRecord> CreateThreadAsync(ThreadRecord thread, RunRecord? initialRun, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: true, "create a thread", cancellationToken);
        return await base.CreateThreadAsync(thread, initialRun, cancellationToken);
    }

    public override async ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read a thread", cancellationToken);
        return await base.GetThreadAsync(threadId, cancellationToken);
    }

    public override async ValueTask<ThreadPage> ListThreadsAsync(ThreadQuery query, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "list threads", cancellationToken);
        return await base.ListThreadsAsync(query, cancellationToken);
    }

    public override async ValueTask<ThreadSnapshot?> GetSnapshotAsync(string threadId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read a snapshot", cancellationToken);
        return await base.GetSnapshotAsync(threadId, cancellationToken);
    }

    public override async ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read the last seq", cancellationToken);
        return await base.GetLastSeqAsync(threadId, cancellationToken);
    }

    public override async ValueTask<IReadOnlyList<StoredEvent>> ReadEventsAsync(string threadId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read events", cancellationToken);
        return await base.ReadEventsAsync(threadId, afterSeq, limit, cancellationToken);
    }

    public override async ValueTask<ChatItem?> GetItemAsync(string threadId, string itemId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read an item", cancellationToken);
        return await base.GetItemAsync(threadId, itemId, cancellationToken);
    }

    public override async ValueTask<IReadOnlyList<ChatItem>> GetItemsAsync(string threadId, int limit, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read items", cancellationToken);
        return await base.GetItemsAsync(threadId, limit, cancellationToken);
    }

    public override async ValueTask<IReadOnlyList<ChatItem>> GetOpenItemsAsync(string threadId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read open items", cancellationToken);
        return await base.GetOpenItemsAsync(threadId, cancellationToken);
    }

    public override async ValueTask<UserMessage?> FindMessageByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "find a message", cancellationToken);
        return await base.FindMessageByClientIdAsync(threadId, clientId, cancellationToken);
    }

    public override async ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read a run", cancellationToken);
        return await base.GetRunAsync(runId, cancellationToken);
    }

    public override async ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "find a run", cancellationToken);
        return await base.FindRunByClientIdAsync(threadId, clientId, cancellationToken);
    }

    public override async ValueTask<IReadOnlyList<RunRecord>> GetUnfinishedRunsAsync(string threadId, CancellationToken cancellationToken)
    {
        await FailIfFaultedAsync(write: false, "read unfinished runs", cancellationToken);
        return await base.GetUnfinishedRunsAsync(threadId, cancellationToken);
    }

    private async ValueTask FailIfFaultedAsync(bool write, string operation, CancellationToken cancellationToken)
    {
        if (faults.Store is not { } fault || (!write && !fault.Reads))
        {
            return;
        }

        if (fault.Kind == "locked")
        {
            var deadline = faults.Time.GetUtcNow() + BusyWait;
            while (faults.Store is not null && faults.Time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), faults.Time, cancellationToken);
            }

            if (faults.Store is null)
            {
                return;
            }
        }

        faults.CountStoreFailure();
        var (code, text) = fault.Kind == "locked" ? (SqliteBusy, "database is locked") : (SqliteFull, "database or disk is full");
        var sqlite = new SqliteException($"SQLite Error {code}: '{text}'.", code);
        throw new ChatStoreException($"The SQLite store could not {operation}: {sqlite.Message}", isTransient: true, sqlite);
    }
}
