using Parley.Storage;

namespace Parley.Testing;

/// <summary>
/// Simulates a process dying: once <see cref="Sever"/> is called, every call fails, so nothing the old
/// runtime does afterwards reaches the data. A new runtime on the inner store sees what a restarted
/// process would.
/// </summary>
public sealed class SeverableChatStore(IChatStore inner) : DelegatingChatStore(inner)
{
    private volatile bool _severed;

    public void Sever() => _severed = true;

    public override ValueTask CommitAsync(StoreBatch batch, CancellationToken cancellationToken) => Guard(() => base.CommitAsync(batch, cancellationToken));

    public override ValueTask<ThreadRecord> CreateThreadAsync(ThreadRecord thread, RunRecord? initialRun, CancellationToken cancellationToken) => Guard(() => base.CreateThreadAsync(thread, initialRun, cancellationToken));

    public override ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken) => Guard(() => base.GetThreadAsync(threadId, cancellationToken));

    public override ValueTask<ThreadPage> ListThreadsAsync(ThreadQuery query, CancellationToken cancellationToken) => Guard(() => base.ListThreadsAsync(query, cancellationToken));

    public override ValueTask<ThreadSnapshot?> GetSnapshotAsync(string threadId, CancellationToken cancellationToken) => Guard(() => base.GetSnapshotAsync(threadId, cancellationToken));

    public override ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken) => Guard(() => base.GetLastSeqAsync(threadId, cancellationToken));

    public override ValueTask<IReadOnlyList<StoredEvent>> ReadEventsAsync(string threadId, long afterSeq, int limit, CancellationToken cancellationToken) => Guard(() => base.ReadEventsAsync(threadId, afterSeq, limit, cancellationToken));

    public override ValueTask<ChatItem?> GetItemAsync(string threadId, string itemId, CancellationToken cancellationToken) => Guard(() => base.GetItemAsync(threadId, itemId, cancellationToken));

    public override ValueTask<IReadOnlyList<ChatItem>> GetItemsAsync(string threadId, int limit, CancellationToken cancellationToken) => Guard(() => base.GetItemsAsync(threadId, limit, cancellationToken));

    public override ValueTask<IReadOnlyList<ChatItem>> GetOpenItemsAsync(string threadId, CancellationToken cancellationToken) => Guard(() => base.GetOpenItemsAsync(threadId, cancellationToken));

    public override ValueTask<UserMessage?> FindMessageByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) => Guard(() => base.FindMessageByClientIdAsync(threadId, clientId, cancellationToken));

    public override ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken) => Guard(() => base.GetRunAsync(runId, cancellationToken));

    public override ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) => Guard(() => base.FindRunByClientIdAsync(threadId, clientId, cancellationToken));

    public override ValueTask<IReadOnlyList<RunRecord>> GetUnfinishedRunsAsync(string threadId, CancellationToken cancellationToken) => Guard(() => base.GetUnfinishedRunsAsync(threadId, cancellationToken));

    public override ValueTask<IReadOnlyList<string>> GetThreadsNeedingRecoveryAsync(CancellationToken cancellationToken) => Guard(() => base.GetThreadsNeedingRecoveryAsync(cancellationToken));

    private ValueTask<T> Guard<T>(Func<ValueTask<T>> call) =>
        _severed ? ValueTask.FromException<T>(new ChatStoreException("The process is dead.", isTransient: false)) : call();

    private ValueTask Guard(Func<ValueTask> call) =>
        _severed ? ValueTask.FromException(new ChatStoreException("The process is dead.", isTransient: false)) : call();
}
