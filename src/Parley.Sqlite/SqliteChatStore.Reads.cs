using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.Sqlite;

// Reads: each opens its own pooled connection, so reads never wait for the writer or for each other.
public sealed partial class SqliteChatStore
{
    private const string SelectUnfinishedRuns =
        $"SELECT json FROM runs WHERE thread_id = $thread_id AND {SqliteSchema.UnfinishedRunStatuses} ORDER BY created_at, id;";

    /// <inheritdoc />
    public ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken) =>
        ReadAsync("read a thread", threadId, static async (connection, threadId, ct) =>
        {
            await using var command = CreateCommand(connection, "SELECT json FROM threads WHERE id = $id;", ("$id", threadId));
            return await command.ExecuteScalarAsync(ct) is string json ? DeserializeThread(json) : null;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="ThreadQuery.Search"/> is matched with SQLite's <c>LIKE</c>, which ignores case for ASCII
    /// letters only: <c>"report"</c> finds <c>"REPORT"</c>, but <c>"ü"</c> does not find <c>"Ü"</c>.
    /// A cursor that is not one this store issued reads the first page.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ThreadQuery.Limit"/> is less than 1.</exception>
    public ValueTask<ThreadPage> ListThreadsAsync(ThreadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        return ReadAsync("list threads", query, static async (connection, query, ct) =>
        {
            var hasCursor = ThreadCursor.TryParse(query.Cursor, out var cursor);
            await using var command = CreateCommand(connection, ThreadListSql(query.Search is not null, hasCursor), ("$owner_id", query.OwnerId));

            // One more than a page tells whether another page follows.
            command.Parameters.AddWithValue("$limit", (long)query.Limit + 1);
            if (query.Search is not null)
            {
                command.Parameters.AddWithValue("$pattern", "%" + EscapeLike(query.Search) + "%");
            }

            if (hasCursor)
            {
                command.Parameters.AddWithValue("$cursor_updated_at", cursor.UpdatedAtTicks);
                command.Parameters.AddWithValue("$cursor_id", cursor.ThreadId);
            }

            var threads = await ReadListAsync(command, static r => DeserializeThread(r.GetString(0)), ct);
            string? next = null;
            if (threads.Count > query.Limit)
            {
                threads.RemoveAt(threads.Count - 1);
                next = ThreadCursor.After(threads[^1]).ToString();
            }

            return new ThreadPage(threads, next);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the thread, its items with the text appended to them, its last seq and its runs in one read
    /// transaction, so the items' text matches the last seq.
    /// </remarks>
    public ValueTask<ThreadSnapshot?> GetSnapshotAsync(string threadId, CancellationToken cancellationToken) =>
        ReadAsync("read a snapshot", threadId, static async (connection, threadId, ct) =>
        {
            // A deferred transaction's snapshot starts at its first SELECT and holds until it ends, so
            // every query below sees the same committed batches.
            await using var transaction = connection.BeginTransaction(deferred: true);
            await using var command = CreateCommand(connection, "SELECT json FROM threads WHERE id = $thread_id;", ("$thread_id", threadId));
            command.Transaction = transaction;
            if (await command.ExecuteScalarAsync(ct) is not string threadJson)
            {
                return null;
            }

            command.CommandText = "SELECT json FROM items WHERE thread_id = $thread_id ORDER BY position;";
            var items = await ReadListAsync(command, static r => ParleyJson.DeserializeItem(r.GetString(0)), ct);
            command.CommandText = ChunksOfItems("SELECT id FROM items WHERE thread_id = $thread_id");
            SqliteItemText.ApplyAll(items, await SqliteItemText.ReadAsync(command, ct));
            command.CommandText = "SELECT seq FROM events WHERE thread_id = $thread_id ORDER BY seq DESC LIMIT 1;";
            var lastSeq = await command.ExecuteScalarAsync(ct) is long seq ? seq : 0;
            command.CommandText = SelectUnfinishedRuns;
            var runs = await ReadListAsync(command, static r => DeserializeRun(r.GetString(0)), ct);
            await transaction.CommitAsync(ct);

            return new ThreadSnapshot
            {
                Thread = DeserializeThread(threadJson),
                Items = items,
                LastSeq = lastSeq,
                ActiveRun = runs.Find(r => r.Status == RunStatus.Running),
                QueuedRuns = runs.FindAll(r => r.Status == RunStatus.Queued),
            };
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken) =>
        ReadAsync("read the last seq", threadId, static async (connection, threadId, ct) =>
        {
            await using var command = CreateCommand(
                connection, "SELECT seq FROM events WHERE thread_id = $thread_id ORDER BY seq DESC LIMIT 1;", ("$thread_id", threadId));
            return await command.ExecuteScalarAsync(ct) is long seq ? seq : 0;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A <paramref name="limit"/> of 0 or less reads nothing.</remarks>
    public ValueTask<IReadOnlyList<StoredEvent>> ReadEventsAsync(string threadId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        return ReadAsync("read events", (threadId, afterSeq, limit), static async (connection, args, ct) =>
        {
            await using var command = CreateCommand(
                connection,
                "SELECT seq, json FROM events WHERE thread_id = $thread_id AND seq > $after ORDER BY seq LIMIT $limit;",
                ("$thread_id", args.threadId));
            command.Parameters.AddWithValue("$after", args.afterSeq);
            command.Parameters.AddWithValue("$limit", args.limit);
            var threadId = args.threadId;
            return (IReadOnlyList<StoredEvent>)await ReadListAsync(
                command, r => new StoredEvent(threadId, r.GetInt64(0), r.GetFieldValue<byte[]>(1)), ct);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Returns the message as stored; user messages are never streamed into.</remarks>
    public ValueTask<UserMessage?> FindMessageByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) =>
        ReadAsync("find a message", (threadId, clientId), static async (connection, args, ct) =>
        {
            // Only user messages have a client_id in the items table.
            await using var command = CreateCommand(
                connection,
                "SELECT json FROM items WHERE thread_id = $thread_id AND client_id = $client_id ORDER BY position LIMIT 1;",
                ("$thread_id", args.threadId),
                ("$client_id", args.clientId));
            return await command.ExecuteScalarAsync(ct) is string json ? ParleyJson.DeserializeItem(json) as UserMessage : null;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        ReadAsync("read a run", runId, static async (connection, runId, ct) =>
        {
            await using var command = CreateCommand(connection, "SELECT json FROM runs WHERE id = $id;", ("$id", runId));
            return await command.ExecuteScalarAsync(ct) is string json ? DeserializeRun(json) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) =>
        ReadAsync("find a run", (threadId, clientId), static async (connection, args, ct) =>
        {
            await using var command = CreateCommand(
                connection,
                "SELECT json FROM runs WHERE thread_id = $thread_id AND client_id = $client_id ORDER BY created_at, id LIMIT 1;",
                ("$thread_id", args.threadId),
                ("$client_id", args.clientId));
            return await command.ExecuteScalarAsync(ct) is string json ? DeserializeRun(json) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunRecord>> GetUnfinishedRunsAsync(string threadId, CancellationToken cancellationToken) =>
        ReadAsync("read unfinished runs", threadId, static async (connection, threadId, ct) =>
        {
            await using var command = CreateCommand(connection, SelectUnfinishedRuns, ("$thread_id", threadId));
            return (IReadOnlyList<RunRecord>)await ReadListAsync(command, static r => DeserializeRun(r.GetString(0)), ct);
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The ids come in ordinal order.</remarks>
    public ValueTask<IReadOnlyList<string>> GetThreadsNeedingRecoveryAsync(CancellationToken cancellationToken) =>
        ReadAsync("list threads needing recovery", 0, static async (connection, _, ct) =>
        {
            // The repeated status conditions match the partial indexes' conditions, so SQLite can use them.
            await using var command = CreateCommand(
                connection,
                $"""
                SELECT thread_id FROM runs WHERE {SqliteSchema.UnfinishedRunStatuses} AND status = 'running'
                UNION
                SELECT thread_id FROM items WHERE {SqliteSchema.OpenItemStatuses}
                ORDER BY thread_id;
                """);
            return (IReadOnlyList<string>)await ReadListAsync(command, static r => r.GetString(0), ct);
        }, cancellationToken);

    private async ValueTask<T> ReadAsync<TState, T>(
        string operation, TState state, Func<SqliteConnection, TState, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenReadConnectionAsync(cancellationToken);
            return await read(connection, state, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Translate(ex, operation, cancellationToken);
        }
    }

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, params (string Name, string Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<List<T>> ReadListAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader));
        }

        return list;
    }

    private static string ThreadListSql(bool search, bool cursor) => (search, cursor) switch
    {
        (false, false) => ThreadListSelect + ThreadListOrder,
        (true, false) => ThreadListSelect + ThreadListSearch + ThreadListOrder,
        (false, true) => ThreadListSelect + ThreadListAfterCursor + ThreadListOrder,
        (true, true) => ThreadListSelect + ThreadListSearch + ThreadListAfterCursor + ThreadListOrder,
    };

    private const string ThreadListSelect = "SELECT json FROM threads WHERE owner_id = $owner_id";
    private const string ThreadListSearch = " AND name LIKE $pattern ESCAPE '\\'";

    // A row value comparison is a range on the (owner_id, updated_at DESC, id DESC) index.
    private const string ThreadListAfterCursor = " AND (updated_at, id) < ($cursor_updated_at, $cursor_id)";
    private const string ThreadListOrder = " ORDER BY updated_at DESC, id DESC LIMIT $limit;";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private static ThreadRecord DeserializeThread(string json) =>
        JsonSerializer.Deserialize(json, ParleyJson.ThreadRecord) ?? throw new JsonException("null thread");

    private static RunRecord DeserializeRun(string json) =>
        JsonSerializer.Deserialize(json, ParleyJson.RunRecord) ?? throw new JsonException("null run");
}
