using System.Runtime.InteropServices;
using System.Text.Json;
using Parley.Serialization;
using Parley.Storage;
using SQLitePCL;

namespace Parley.Sqlite;

// Writes: the group commit and thread creation, both on the write connection under the write lock.
public sealed partial class SqliteChatStore
{
    // How many rows a commit writes between cancellation checks: often enough to stop a huge batch
    // promptly, rarely enough to cost nothing.
    private const int RowsPerCancellationCheck = 256;

    // The last seq of each thread seen so far in the batch being committed; only used under the write lock.
    private readonly Dictionary<string, long> _batchLastSeqs = new(StringComparer.Ordinal);

    /// <summary>
    /// Applies a batch in one transaction: events, item upserts, item text appends, item removals, run
    /// upserts, thread updates, thread deletions. All of it becomes durable, or none of it.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the commit; a cancelled commit writes nothing.</param>
    /// <exception cref="ChatStoreException">
    /// The batch was rejected (not transient): an event's seq is not after the last seq of its thread,
    /// stored or earlier in the batch; or an append targets an item that is not stored in its thread,
    /// lacks the field, is also in the batch's items, or starts past the field's current end. Or the
    /// database failed (transient when busy, locked, full or failing I/O).
    /// </exception>
    public async ValueTask CommitAsync(StoreBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await EnterWriteWithRoomAsync(cancellationToken);
        try
        {
            var commands = EnsureWriter(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.IsEmpty)
            {
                return;
            }

            commands.Begin();
            try
            {
                Apply(commands, batch, cancellationToken);
                commands.Commit();
                ReportPagesWritten();
            }
            catch
            {
                // What the batch did to the remembered text fields is rolled back with it.
                ForgetAllItemText();
                RollBackAfterFailure();
                throw;
            }
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Translate(ex, "commit a batch", cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Takes the write lock once the WAL has room (see SqliteCheckpointer): a writer that outruns the
    // checkpoints waits, without the lock, for the next one, once per commit (a reader pinning the WAL
    // must not stop writes). The next checkpoint's task is taken before room is checked, so one that
    // ends in between completes it; and one is requested, so there is always one to wait for.
    private async ValueTask EnterWriteWithRoomAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        if (_checkpointer is not { } checkpointer)
        {
            return;
        }

        var nextCheckpoint = checkpointer.NextCheckpoint;
        if (checkpointer.HasRoom)
        {
            return;
        }

        _writeLock.Release();
        checkpointer.RequestCheckpoint();
        await nextCheckpoint.WaitAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
    }

    // Tells the checkpointer how many pages the commits since the last report wrote to the WAL.
    private void ReportPagesWritten()
    {
        if (_writeConnection?.Handle is { } handle &&
            raw.sqlite3_db_status(handle, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var pages, out _, 1) == raw.SQLITE_OK)
        {
            _checkpointer?.OnCommitted(pages);
        }
    }

    /// <summary>
    /// Creates a thread and its initial run in one transaction; when the owner already has a thread with
    /// the same client id, creates nothing and returns that thread.
    /// </summary>
    /// <param name="thread">The new thread.</param>
    /// <param name="initialRun">A queued run to create with it, or null.</param>
    /// <param name="cancellationToken">Cancels the operation; a cancelled creation writes nothing.</param>
    /// <returns>The stored thread: the new one, or the existing one with the same client id.</returns>
    /// <exception cref="ChatStoreException">A thread or run with the same id exists (not transient), or the database failed.</exception>
    public async ValueTask<ThreadRecord> CreateThreadAsync(ThreadRecord thread, RunRecord? initialRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var commands = EnsureWriter(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            // BEGIN IMMEDIATE takes the write lock before the lookup, so another process cannot insert
            // the same client id between the lookup and the insert.
            commands.Begin();
            try
            {
                if (thread.ClientId is not null && commands.FindThreadJson(thread.OwnerId, thread.ClientId) is { } existing)
                {
                    commands.Commit();
                    return JsonSerializer.Deserialize(existing, ParleyJson.ThreadRecord) ?? throw new JsonException("null thread");
                }

                commands.InsertThread(thread);
                if (initialRun is not null)
                {
                    commands.InsertRun(initialRun);
                }

                commands.Commit();
                ReportPagesWritten();
                return thread;
            }
            catch
            {
                RollBackAfterFailure();
                throw;
            }
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Translate(ex, "create a thread", cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Apply(SqliteWriteCommands commands, StoreBatch batch, CancellationToken cancellationToken)
    {
        var rows = 0;
        _batchLastSeqs.Clear();
        var events = batch.Events;
        for (var i = 0; i < events.Count; i++)
        {
            CheckCancellation(ref rows, cancellationToken);
            var e = events[i];

            // One lookup per thread and batch: later events of the thread compare with the previous one.
            ref var lastSeq = ref CollectionsMarshal.GetValueRefOrAddDefault(_batchLastSeqs, e.ThreadId, out var seen);
            if (!seen)
            {
                lastSeq = commands.LastSeq(e.ThreadId);
            }

            if (e.Seq <= lastSeq)
            {
                throw new ChatStoreException(
                    $"Event {e.ThreadId}/{e.Seq} is not after the last seq {lastSeq} of its thread; the batch was not applied.",
                    isTransient: false);
            }

            commands.InsertEvent(e.ThreadId, e.Seq, e.Json);
            lastSeq = e.Seq;
        }

        for (var i = 0; i < batch.Items.Count; i++)
        {
            CheckCancellation(ref rows, cancellationToken);
            commands.UpsertItem(batch.Items[i]);
            ForgetItemText(batch.Items[i].Item.Id);
        }

        ApplyItemAppends(commands, batch, ref rows, cancellationToken);

        for (var i = 0; i < batch.RemovedItemIds.Count; i++)
        {
            CheckCancellation(ref rows, cancellationToken);
            commands.DeleteItem(batch.RemovedItemIds[i]);
            ForgetItemText(batch.RemovedItemIds[i]);
        }

        for (var i = 0; i < batch.Runs.Count; i++)
        {
            CheckCancellation(ref rows, cancellationToken);
            commands.UpsertRun(batch.Runs[i]);
        }

        for (var i = 0; i < batch.Threads.Count; i++)
        {
            CheckCancellation(ref rows, cancellationToken);
            commands.UpdateThread(batch.Threads[i]);
        }

        for (var i = 0; i < batch.DeletedThreadIds.Count; i++)
        {
            CheckCancellation(ref rows, cancellationToken);
            commands.DeleteThread(batch.DeletedThreadIds[i]);
            ForgetAllItemText();
        }
    }

    // Cancellation is checked every RowsPerCancellationCheck rows of any kind, so the appends share the counter.
    private static void CheckCancellation(ref int rows, CancellationToken cancellationToken)
    {
        if (++rows % RowsPerCancellationCheck == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
