namespace Parley.Storage;

/// <summary>
/// Where threads, their event logs, materialised items and runs are kept. Parley's runtime is the
/// only writer: all log writes arrive through <see cref="CommitAsync"/> from one store writer, in
/// order, so an implementation needs no write concurrency beyond one writer plus concurrent readers.
/// </summary>
/// <remarks>
/// <para>Thread safety: every member may be called concurrently with any other, except that
/// <see cref="CommitAsync"/> is never called concurrently with itself.</para>
/// <para>Errors: throw <see cref="ChatStoreException"/>; set <see cref="ChatStoreException.IsTransient"/>
/// when a retry may succeed.</para>
/// <para>Every implementation must pass the store conformance suite in <c>tests/Parley.StoreConformance</c>.</para>
/// </remarks>
public interface IChatStore
{
    /// <summary>Creates or migrates the schema. Called once at start-up, before anything else.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Applies a batch atomically: all of it becomes durable, or none of it.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask CommitAsync(StoreBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a thread, together with its first queued run, atomically. When the owner already has a
    /// thread with the same <see cref="ThreadRecord.ClientId"/>, creates nothing and returns that thread.
    /// </summary>
    /// <param name="thread">The new thread.</param>
    /// <param name="initialRun">A queued run to create with it (the chat-start run), or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored thread: the new one, or the existing one with the same client id.</returns>
    ValueTask<ThreadRecord> CreateThreadAsync(ThreadRecord thread, RunRecord? initialRun, CancellationToken cancellationToken);

    /// <summary>Reads a thread; null when it does not exist.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>Lists one owner's threads, newest activity first, by pages.</summary>
    /// <param name="query">The owner, page size, cursor and search text.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<ThreadPage> ListThreadsAsync(ThreadQuery query, CancellationToken cancellationToken);

    /// <summary>Reads a thread's snapshot in one consistent read; null when the thread does not exist.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<ThreadSnapshot?> GetSnapshotAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>Reads the last durable seq of a thread's log; 0 when the log is empty or the thread does not exist.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="limit"/> events with seq greater than <paramref name="afterSeq"/>, in seq order.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="afterSeq">Only events after this seq.</param>
    /// <param name="limit">The most events to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<IReadOnlyList<StoredEvent>> ReadEventsAsync(string threadId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Reads one item of a thread; null when it does not exist.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="itemId">The item id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<ChatItem?> GetItemAsync(string threadId, string itemId, CancellationToken cancellationToken);

    /// <summary>Reads the last <paramref name="limit"/> items of a thread, in the order they were added.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="limit">The most items to return (the newest ones).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<IReadOnlyList<ChatItem>> GetItemsAsync(string threadId, int limit, CancellationToken cancellationToken);

    /// <summary>Reads a thread's items that are in progress or pending, in the order they were added.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<IReadOnlyList<ChatItem>> GetOpenItemsAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>Finds the user message a client sent with <paramref name="clientId"/> in a thread.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="clientId">The client's idempotency key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<UserMessage?> FindMessageByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken);

    /// <summary>Reads a run; null when it does not exist.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Finds the run a command with <paramref name="clientId"/> created in a thread.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="clientId">The command's idempotency key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken);

    /// <summary>Reads a thread's queued and running runs, oldest first.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<IReadOnlyList<RunRecord>> GetUnfinishedRunsAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the threads that need recovery after a crash: those with a running run or an item in
    /// progress or pending.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<IReadOnlyList<string>> GetThreadsNeedingRecoveryAsync(CancellationToken cancellationToken);
}
