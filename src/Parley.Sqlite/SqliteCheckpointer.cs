using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parley.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on a connection and thread of its own, so commits do
/// not: a checkpoint writes every page changed since the last one and syncs the WAL and the database
/// file, and SQLite's automatic checkpoint runs it inside the commit that crosses its threshold.
/// </summary>
/// <remarks>
/// <para>The writer reports the pages each commit wrote (<see cref="OnCommitted"/>). After
/// <see cref="SqliteChatStoreOptions.CheckpointPages"/> of them, or within a second when fewer were
/// written, this runs a <c>PASSIVE</c> checkpoint, which neither waits for nor blocks the writer or
/// readers.</para>
/// <para>A passive checkpoint never lets the WAL start over while the writer keeps appending to it, so
/// once the WAL holds <see cref="SqliteChatStoreOptions.CheckpointRestartFrames"/> frames this catches
/// up passively, then holds the store's write lock for a <c>RESTART</c> checkpoint: it copies the short
/// tail written meanwhile, syncs, waits for readers still using old frames (the busy timeout of its
/// connection bounds the wait), and the next commit writes from the start of the WAL file again. The
/// writer waits only for that tail and the syncs.</para>
/// <para>Should the writer still outrun the checkpoints (commits do not sync, checkpoints do, so a
/// slow disk lets the WAL grow while one syncs), a commit that finds twice the restart threshold
/// written since the last restart first waits for the next checkpoint (<see cref="HasRoom"/>,
/// <see cref="NextCheckpoint"/>, <see cref="RequestCheckpoint"/>). That bounds the WAL whatever the
/// disk's speed. A reader still using old frames can keep the WAL from starting over; then writers
/// go on for another threshold's worth before they wait again, so it grows (as it must) without
/// every commit waiting for a checkpoint.</para>
/// <para>A failed checkpoint (busy, I/O) is retried after the next commits. Should checkpoints keep
/// failing, the write connection's own automatic checkpoint, set to four times the restart threshold,
/// takes over.</para>
/// </remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>The default of <see cref="SqliteChatStoreOptions.CheckpointPages"/>: 8 MB of 4 KB pages.</summary>
    public const int DefaultPagesPerCheckpoint = 2_000;

    /// <summary>The default of <see cref="SqliteChatStoreOptions.CheckpointRestartFrames"/>: 64 MB of 4 KB pages.</summary>
    public const int DefaultFramesPerRestart = 16_000;

    // A restart first checkpoints passively until a round copies fewer frames than this, or for this
    // many rounds: each round copies what was committed during the previous one.
    private const int CatchUpFramesLeft = 256;
    private const int MaxCatchUpRounds = 8;

    /// <summary>How long committed pages may wait for a checkpoint when few are written.</summary>
    private static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(1);

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _writeLock;
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _pagesPerCheckpoint;
    private readonly int _framesPerRestart;
    private readonly long _pagesBeforeWait;
    private long _pages;
    private long _pagesSinceRestart;
    private TaskCompletionSource _nextCheckpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts checkpointing on <paramref name="connection"/>, which this then owns.</summary>
    /// <param name="connection">An open connection to the database, used for nothing else.</param>
    /// <param name="writeLock">The store's write lock, held by every write transaction.</param>
    /// <param name="pagesPerCheckpoint">Pages committed since the last checkpoint that start the next one.</param>
    /// <param name="framesPerRestart">WAL frames past which a checkpoint restarts the WAL under the write lock.</param>
    public SqliteCheckpointer(SqliteConnection connection, SemaphoreSlim writeLock, int pagesPerCheckpoint, int framesPerRestart)
    {
        _connection = connection;
        _writeLock = writeLock;
        _pagesPerCheckpoint = pagesPerCheckpoint;
        _framesPerRestart = framesPerRestart;
        _pagesBeforeWait = 2L * framesPerRestart;

        // A thread of its own: a checkpoint blocks on I/O and syncs for milliseconds, and must keep
        // up when the thread pool is busy (the fallback would checkpoint inside commits again).
        new Thread(Run) { IsBackground = true, Name = "Parley SQLite checkpoints" }.Start();
    }

    /// <summary>
    /// Whether the WAL has room for another commit: false once twice the restart threshold has been
    /// written since the WAL last started over. Thread-safe.
    /// </summary>
    public bool HasRoom => Interlocked.Read(ref _pagesSinceRestart) < _pagesBeforeWait;

    /// <summary>
    /// Completes when the next checkpoint ends, whether or not it restarted the WAL, or when this is
    /// disposed. Thread-safe.
    /// </summary>
    public Task NextCheckpoint => Volatile.Read(ref _nextCheckpoint).Task;

    /// <summary>Counts the pages a commit wrote to the WAL, and wakes the checkpoint when enough have.</summary>
    /// <param name="pages">The pages written.</param>
    public void OnCommitted(int pages)
    {
        var sinceRestart = Interlocked.Add(ref _pagesSinceRestart, pages);
        if (Interlocked.Add(ref _pages, pages) >= _pagesPerCheckpoint || sinceRestart >= _pagesBeforeWait)
        {
            RequestCheckpoint();
        }
    }

    /// <summary>
    /// Runs a checkpoint soon even when few pages are pending: a commit waiting for room asks for
    /// one before it waits, so it never waits for a checkpoint that nothing would start.
    /// </summary>
    public void RequestCheckpoint()
    {
        if (_due.CurrentCount != 0)
        {
            return;
        }

        try
        {
            _due.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another caller woke it first.
        }
        catch (ObjectDisposedException)
        {
            // Stopped: waiters were released when it stopped.
        }
    }

    /// <summary>
    /// Stops checkpointing once a checkpoint in progress ends, and closes the connection. Safe to call
    /// while holding the write lock: a checkpoint waiting for it gives up.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _stopped.Task;
        Volatile.Read(ref _nextCheckpoint).TrySetResult();
        await _connection.DisposeAsync();
        _stop.Dispose();
        _due.Dispose();
    }

    private void Run()
    {
        try
        {
            var db = _connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            while (true)
            {
                // Wakes on enough pages, or after a second with some pages pending, so the WAL of a
                // lightly used store is synced to the database file soon too.
                if (!_due.Wait(IdleDelay, _stop.Token) && Interlocked.Read(ref _pages) == 0)
                {
                    continue;
                }

                Interlocked.Exchange(ref _pages, 0);
                try
                {
                    Checkpoint(db);
                }
                finally
                {
                    // Commits waiting for room try again, even after a restart that gave up on a slow
                    // reader: a reader must not stop writes for longer than a checkpoint attempt.
                    Interlocked.Exchange(ref _nextCheckpoint, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped, as asked.
        }
        finally
        {
            _stopped.SetResult();
        }
    }

    private void Checkpoint(sqlite3 db)
    {
        var rc = raw.sqlite3_wal_checkpoint_v2(db, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out var frames, out var backfilled);
        if (rc != raw.SQLITE_OK)
        {
            return;
        }

        if (frames < _framesPerRestart)
        {
            // The WAL itself is the measure: pages counted by commits may overstate its frames.
            Interlocked.Exchange(ref _pagesSinceRestart, frames);
            return;
        }

        // Catch up with what was committed meanwhile, until little is left, so the writer waits only
        // for a short tail: copying it and the two syncs a restart needs (the syncs are most of it).
        for (var round = 0; round < MaxCatchUpRounds; round++)
        {
            if (raw.sqlite3_wal_checkpoint_v2(db, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out var copied) != raw.SQLITE_OK ||
                copied - backfilled < CatchUpFramesLeft)
            {
                break;
            }

            backfilled = copied;
        }

        _writeLock.Wait(_stop.Token);
        try
        {
            // Nothing can be committed while the write lock is held: after a restart the next commit
            // starts the WAL over. A restart that gave up on a reader still using old frames lets
            // writers on for another threshold's worth before they wait again, so a long reader
            // grows the WAL (as it must) without slowing every commit down to a checkpoint's pace.
            var restarted = raw.sqlite3_wal_checkpoint_v2(db, "main", raw.SQLITE_CHECKPOINT_RESTART, out _, out _) == raw.SQLITE_OK;
            Interlocked.Exchange(ref _pagesSinceRestart, restarted ? 0 : _framesPerRestart);
        }
        finally
        {
            _writeLock.Release();
        }

        // What was committed before the restart is in the database file now: count afresh.
        _ = _due.Wait(0);
        Interlocked.Exchange(ref _pages, 0);
    }
}
