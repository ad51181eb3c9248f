using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.Sqlite;

/// <summary>
/// The prepared statements of the store's one write connection, kept for the connection's lifetime so
/// a commit binds values and steps statements without parsing SQL again.
/// </summary>
/// <remarks>
/// Not thread-safe: the store uses it only while holding its write lock. Transactions are begun and
/// ended by these statements rather than <see cref="SqliteTransaction"/>, so the commands need no
/// per-commit <see cref="SqliteCommand.Transaction"/> assignment.
/// </remarks>
internal sealed class SqliteWriteCommands : IDisposable
{
    private readonly List<SqliteCommand> _all = [];
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteEventAppender _events;
    private readonly SqliteItemTextAppender _itemText;
    private readonly SqliteCommand _upsertItem;
    private readonly SqliteCommand _deleteItem;
    private readonly SqliteCommand _upsertRun;
    private readonly SqliteCommand _insertRun;
    private readonly SqliteCommand _updateThread;
    private readonly SqliteCommand _insertThread;
    private readonly SqliteCommand _findThread;
    private readonly SqliteCommand _deleteThread;
    private readonly SqliteCommand _dataVersion;

    public SqliteWriteCommands(SqliteConnection connection)
    {
        try
        {
            _begin = Prepare(connection, "BEGIN IMMEDIATE;");
            _commit = Prepare(connection, "COMMIT;");
            _rollback = Prepare(connection, "ROLLBACK;");
            _upsertItem = Prepare(
                connection,
                """
                INSERT INTO items (id, thread_id, position, status, client_id, content_length, input_length, output_length, json)
                VALUES ($id, $thread_id, $position, $status, $client_id, $content_length, $input_length, $output_length, $json)
                ON CONFLICT (id) DO UPDATE SET
                    thread_id = excluded.thread_id, status = excluded.status, client_id = excluded.client_id,
                    content_length = excluded.content_length, input_length = excluded.input_length,
                    output_length = excluded.output_length, json = excluded.json;
                """,
                "$id", "$thread_id", "$position", "$status", "$client_id", "$content_length", "$input_length", "$output_length", "$json");
            _deleteItem = Prepare(connection, "DELETE FROM items WHERE id = $id;", "$id");
            _upsertRun = Prepare(
                connection,
                """
                INSERT INTO runs (id, thread_id, status, client_id, created_at, json)
                VALUES ($id, $thread_id, $status, $client_id, $created_at, $json)
                ON CONFLICT (id) DO UPDATE SET
                    thread_id = excluded.thread_id, status = excluded.status, client_id = excluded.client_id,
                    created_at = excluded.created_at, json = excluded.json;
                """,
                "$id", "$thread_id", "$status", "$client_id", "$created_at", "$json");
            _insertRun = Prepare(
                connection,
                "INSERT INTO runs (id, thread_id, status, client_id, created_at, json) VALUES ($id, $thread_id, $status, $client_id, $created_at, $json);",
                "$id", "$thread_id", "$status", "$client_id", "$created_at", "$json");
            _updateThread = Prepare(
                connection,
                "UPDATE threads SET owner_id = $owner_id, client_id = $client_id, name = $name, updated_at = $updated_at, json = $json WHERE id = $id;",
                "$id", "$owner_id", "$client_id", "$name", "$updated_at", "$json");
            _insertThread = Prepare(
                connection,
                "INSERT INTO threads (id, owner_id, client_id, name, updated_at, json) VALUES ($id, $owner_id, $client_id, $name, $updated_at, $json);",
                "$id", "$owner_id", "$client_id", "$name", "$updated_at", "$json");
            _dataVersion = Prepare(connection, "PRAGMA data_version;");
            _findThread = Prepare(connection, "SELECT json FROM threads WHERE owner_id = $owner_id AND client_id = $client_id;", "$owner_id", "$client_id");
            _events = new SqliteEventAppender(connection);
            _itemText = new SqliteItemTextAppender(connection);
            _deleteThread = Prepare(
                connection,
                """
                DELETE FROM events WHERE thread_id = $id;
                DELETE FROM items WHERE thread_id = $id;
                DELETE FROM runs WHERE thread_id = $id;
                DELETE FROM threads WHERE id = $id;
                """,
                "$id");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Begin() => _begin.ExecuteNonQuery();

    public void Commit() => _commit.ExecuteNonQuery();

    public void Rollback() => _rollback.ExecuteNonQuery();

    /// <summary>A number that changes when another connection has committed to the database since the last call.</summary>
    public long DataVersion() => (long)(_dataVersion.ExecuteScalar() ?? 0L);

    /// <summary>The highest stored seq of a thread; 0 when its log is empty.</summary>
    public long LastSeq(string threadId) => _events.LastSeq(threadId);

    public void InsertEvent(string threadId, long seq, ReadOnlyMemory<byte> json) => _events.Insert(threadId, seq, json.Span);

    /// <summary>
    /// Inserts an item, or replaces an existing one except for its position; replacing it discards the
    /// text appended to it (a trigger deletes its <c>item_text</c> rows).
    /// </summary>
    public void UpsertItem(ItemRecord record)
    {
        var item = record.Item;
        var p = _upsertItem.Parameters;
        p[0].Value = item.Id;
        p[1].Value = record.ThreadId;
        p[2].Value = record.Position;
        p[3].Value = SqliteSchema.ToColumn(item.Status);
        p[4].Value = OrNull((item as UserMessage)?.ClientId);
        p[5].Value = LengthOrNull(item.GetText(ItemField.Content));
        p[6].Value = LengthOrNull(item.GetText(ItemField.Input));
        p[7].Value = LengthOrNull(item.GetText(ItemField.Output));
        p[8].Value = ParleyJson.SerializeItem(item);
        _upsertItem.ExecuteNonQuery();
    }

    /// <summary>Where a text field of a stored item stands; not valid when the item is not stored in the thread or lacks the field.</summary>
    public SqliteItemTextAppender.FieldState LookupItemText(string threadId, string itemId, ItemField field) =>
        _itemText.Lookup(threadId, itemId, field);

    /// <summary>Appends text to a stored item's field at <paramref name="start"/>, its current end or before it.</summary>
    public void AppendItemText(string itemId, ItemField field, int start, string text, ref SqliteItemTextAppender.FieldState state) =>
        _itemText.Append(itemId, field, start, text, ref state);

    public void DeleteItem(string itemId)
    {
        _deleteItem.Parameters[0].Value = itemId;
        _deleteItem.ExecuteNonQuery();
    }

    public void UpsertRun(RunRecord run) => ExecuteRun(_upsertRun, run);

    public void InsertRun(RunRecord run) => ExecuteRun(_insertRun, run);

    /// <summary>Replaces a thread's row; does nothing when the thread does not exist.</summary>
    public void UpdateThread(ThreadRecord thread) => ExecuteThread(_updateThread, thread);

    public void InsertThread(ThreadRecord thread) => ExecuteThread(_insertThread, thread);

    /// <summary>The JSON of the owner's thread created with <paramref name="clientId"/>, or null.</summary>
    public string? FindThreadJson(string ownerId, string clientId)
    {
        var p = _findThread.Parameters;
        p[0].Value = ownerId;
        p[1].Value = clientId;
        return _findThread.ExecuteScalar() as string;
    }

    /// <summary>Deletes a thread with its events, items (and, by trigger, their appended text) and runs.</summary>
    public void DeleteThread(string threadId)
    {
        _deleteThread.Parameters[0].Value = threadId;
        _deleteThread.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _events?.Dispose();
        _itemText?.Dispose();
        foreach (var command in _all)
        {
            command.Dispose();
        }

        _all.Clear();
    }

    private static void ExecuteRun(SqliteCommand command, RunRecord run)
    {
        var p = command.Parameters;
        p[0].Value = run.Id;
        p[1].Value = run.ThreadId;
        p[2].Value = SqliteSchema.ToColumn(run.Status);
        p[3].Value = OrNull(run.ClientId);
        p[4].Value = run.CreatedAt.UtcTicks;
        p[5].Value = JsonSerializer.Serialize(run, ParleyJson.RunRecord);
        command.ExecuteNonQuery();
    }

    private static void ExecuteThread(SqliteCommand command, ThreadRecord thread)
    {
        var p = command.Parameters;
        p[0].Value = thread.Id;
        p[1].Value = thread.OwnerId;
        p[2].Value = OrNull(thread.ClientId);
        p[3].Value = OrNull(thread.Name);
        p[4].Value = thread.UpdatedAt.UtcTicks;
        p[5].Value = JsonSerializer.Serialize(thread, ParleyJson.ThreadRecord);
        command.ExecuteNonQuery();
    }

    // Microsoft.Data.Sqlite rejects a null parameter value; DBNull binds SQL NULL.
    private static object OrNull(string? value) => (object?)value ?? DBNull.Value;

    private static object LengthOrNull(string? text) => text is null ? DBNull.Value : text.Length;

    private SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        _all.Add(command);
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        command.Prepare();
        return command;
    }
}
