using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// The owner of one thread while it is in use: its log (seq assignment), subscribers, session, run
/// queue and pending asks. Every change to the thread goes through the host's gate, one at a time;
/// handlers run outside it, so stop and answers are never stuck behind a run.
/// </summary>
/// <remarks>
/// A host is created by <see cref="ThreadHostRegistry"/> on first use and loaded from the store (which
/// recovers anything a crash left unfinished). It may be cold (no session: a rename, a delete) or hold
/// a live session. It leaves the registry when it has no session and nobody holds a lease.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The gate's wait handle is never used, so the semaphore holds nothing to dispose.")]
internal sealed partial class ThreadHost
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ThreadLog? _log;
    private ThreadRecord? _thread;

    public ThreadHost(string threadId, ThreadHostServices services)
    {
        ThreadId = threadId;
        Services = services;
        Runs = new RunScheduler(this);
    }

    public string ThreadId { get; }

    public ThreadHostServices Services { get; }

    public SubscriberHub Hub { get; } = new();

    public AskWaiters Asks { get; } = new();

    public RunScheduler Runs { get; }

    /// <summary>The log, or null when the host never finished loading.</summary>
    internal ThreadLog? LoadedLog => _log;

    /// <summary>The log; available once loaded.</summary>
    public ThreadLog Log => _log ?? throw new InvalidOperationException("The thread host is not loaded.");

    /// <summary>The thread's record as last written; replaced under the gate.</summary>
    public ThreadRecord Thread
    {
        get => Volatile.Read(ref _thread) ?? throw new InvalidOperationException("The thread host is not loaded.");
        set => Volatile.Write(ref _thread, value);
    }

    /// <summary>The live session; null while the host is cold. Changes under the gate.</summary>
    public ThreadSession? Session { get; private set; }

    /// <summary>Leases held (commands in flight, open subscriptions); changed under the registry's lock.</summary>
    internal int Leases { get; set; }

    internal Task? Loading { get; set; }

    public bool IsDeleted { get; private set; }

    public DateTimeOffset Now => Services.Time.GetUtcNowMs();

    /// <summary>True when the host can leave the registry: no session, no run, not loading.</summary>
    internal bool IsUnloadable => Session is null && Runs.IsIdle;

    public async ValueTask<GateLease> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new GateLease(_gate);
    }

    /// <summary>
    /// Takes the gate for a command, first resyncing the log if an earlier write failed, so a
    /// command never builds on events that were not made durable.
    /// </summary>
    public async ValueTask<GateLease> LockHealthyAsync(CancellationToken cancellationToken)
    {
        var gate = await LockAsync(cancellationToken);
        try
        {
            if (Log.IsFaulted)
            {
                await Log.ResyncAsync(Services.Store, cancellationToken);

                // What the running handler wrote since the failure is gone from the log; let it fail
                // visibly instead of continuing on text that is no longer there.
                if (Runs.Active is { } active)
                {
                    active.Broken = true;
                }
            }

            return gate;
        }
        catch (Exception ex)
        {
            gate.Dispose();
            throw new ChatCommandException(ChatErrorCodes.StoreUnavailable, "The conversation cannot be saved right now. Please try again shortly.", ex);
        }
    }

    /// <summary>Loads the thread from the store and recovers what a crash left unfinished. Once per host.</summary>
    internal async Task LoadAsync()
    {
        var store = Services.Store;
        var thread = await store.GetThreadAsync(ThreadId, CancellationToken.None) ?? throw ChatCommandException.ThreadNotFound();
        var lastSeq = await store.GetLastSeqAsync(ThreadId, CancellationToken.None);
        var open = await store.GetOpenItemsAsync(ThreadId, CancellationToken.None);
        var unfinished = await store.GetUnfinishedRunsAsync(ThreadId, CancellationToken.None);
        Thread = thread;
        _log = new ThreadLog(ThreadId, lastSeq, open, Services.Writer, Hub);

        var running = unfinished.Where(r => r.Status == RunStatus.Running).ToList();
        if (open.Count > 0 || running.Count > 0)
        {
            // Nothing runs for this thread in this process yet, so whatever is open was left by a
            // process that died: finish it as interrupted, visibly, before anyone uses the thread.
            using (await LockAsync(CancellationToken.None))
            {
                await RunFinalizer.RecoverAsync(this, running, CancellationToken.None);
            }

            RuntimeLog.ThreadRecovered(Services.Logger, ThreadId, running.Count, open.Count);
        }
    }

    /// <summary>
    /// Appends an event through the log and keeps the active run's history current.
    /// The caller holds the gate.
    /// </summary>
    public async ValueTask<Task> AppendAsync(
        ThreadEvent evt, RunRecord? run = null, ThreadRecord? thread = null, bool durable = true, CancellationToken cancellationToken = default)
    {
        var task = await Log.AppendAsync(evt, run, thread, durable, cancellationToken);
        if (thread is not null)
        {
            Thread = thread;
        }

        Runs.Active?.History.Apply(evt);
        return task;
    }

    public void PublishEphemeral(ChatEvent evt) => Hub.Publish(EventFrame.Ephemeral(evt));

    /// <summary>Reads an item's current state: from the log when open, else from the store.</summary>
    public async ValueTask<ChatItem?> GetItemAsync(string itemId, CancellationToken cancellationToken) =>
        Log.TryGetOpen(itemId, out var open) ? open.Current() : await Services.Store.GetItemAsync(ThreadId, itemId, cancellationToken);

    internal void MarkDeleted() => IsDeleted = true;
}
