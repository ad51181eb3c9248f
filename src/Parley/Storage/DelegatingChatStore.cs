namespace Parley.Storage;

/// <summary>
/// A store that forwards every call to an inner store. Derive from it to decorate a store: add
/// caching, metrics, or (in tests) inject faults, overriding only what changes.
/// </summary>
public abstract class DelegatingChatStore : IChatStore
{
    /// <summary>Creates the decorator.</summary>
    /// <param name="innerStore">The store calls are forwarded to.</param>
    protected DelegatingChatStore(IChatStore innerStore)
    {
        ArgumentNullException.ThrowIfNull(innerStore);
        InnerStore = innerStore;
    }

    /// <summary>The store calls are forwarded to.</summary>
    protected IChatStore InnerStore { get; }

    /// <inheritdoc />
    public virtual ValueTask InitializeAsync(CancellationToken cancellationToken) =>
        InnerStore.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask CommitAsync(StoreBatch batch, CancellationToken cancellationToken) =>
        InnerStore.CommitAsync(batch, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ThreadRecord> CreateThreadAsync(ThreadRecord thread, RunRecord? initialRun, CancellationToken cancellationToken) =>
        InnerStore.CreateThreadAsync(thread, initialRun, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken) =>
        InnerStore.GetThreadAsync(threadId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ThreadPage> ListThreadsAsync(ThreadQuery query, CancellationToken cancellationToken) =>
        InnerStore.ListThreadsAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ThreadSnapshot?> GetSnapshotAsync(string threadId, CancellationToken cancellationToken) =>
        InnerStore.GetSnapshotAsync(threadId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken) =>
        InnerStore.GetLastSeqAsync(threadId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<StoredEvent>> ReadEventsAsync(string threadId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        InnerStore.ReadEventsAsync(threadId, afterSeq, limit, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ChatItem?> GetItemAsync(string threadId, string itemId, CancellationToken cancellationToken) =>
        InnerStore.GetItemAsync(threadId, itemId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<ChatItem>> GetItemsAsync(string threadId, int limit, CancellationToken cancellationToken) =>
        InnerStore.GetItemsAsync(threadId, limit, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<ChatItem>> GetOpenItemsAsync(string threadId, CancellationToken cancellationToken) =>
        InnerStore.GetOpenItemsAsync(threadId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<UserMessage?> FindMessageByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) =>
        InnerStore.FindMessageByClientIdAsync(threadId, clientId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        InnerStore.GetRunAsync(runId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) =>
        InnerStore.FindRunByClientIdAsync(threadId, clientId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<RunRecord>> GetUnfinishedRunsAsync(string threadId, CancellationToken cancellationToken) =>
        InnerStore.GetUnfinishedRunsAsync(threadId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<string>> GetThreadsNeedingRecoveryAsync(CancellationToken cancellationToken) =>
        InnerStore.GetThreadsNeedingRecoveryAsync(cancellationToken);
}
