using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parley.Sqlite;

/// <summary>
/// Appends events to the log with two statements prepared once on the write connection and driven
/// through SQLitePCL directly.
/// </summary>
/// <remarks>
/// Events are the bulk of every commit. Binding a <see cref="string"/> and a span straight into the
/// statement avoids the reader, parameter lookup and blob copy that Microsoft.Data.Sqlite makes per
/// execution, which measured as a third of the commit time. Not thread-safe: used under the write lock,
/// inside a transaction begun on the same connection.
/// </remarks>
internal sealed class SqliteEventAppender : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _lastSeq;

    public SqliteEventAppender(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _insert = Prepare("INSERT INTO events (thread_id, seq, json) VALUES (?1, ?2, ?3);");
        try
        {
            _lastSeq = Prepare("SELECT seq FROM events WHERE thread_id = ?1 ORDER BY seq DESC LIMIT 1;");
        }
        catch
        {
            _insert.Dispose();
            throw;
        }
    }

    /// <summary>The highest stored seq of a thread; 0 when its log is empty.</summary>
    /// <exception cref="SqliteException">SQLite failed.</exception>
    public long LastSeq(string threadId)
    {
        try
        {
            Check(raw.sqlite3_bind_text16(_lastSeq, 1, threadId));
            var rc = raw.sqlite3_step(_lastSeq);
            return rc switch
            {
                raw.SQLITE_ROW => raw.sqlite3_column_int64(_lastSeq, 0),
                raw.SQLITE_DONE => 0,
                _ => throw Failure(rc),
            };
        }
        finally
        {
            raw.sqlite3_reset(_lastSeq);
        }
    }

    /// <summary>Inserts one event; SQLite copies the values before this returns.</summary>
    /// <exception cref="SqliteException">SQLite failed, for example on a duplicate (thread, seq).</exception>
    public void Insert(string threadId, long seq, ReadOnlySpan<byte> json)
    {
        try
        {
            Check(raw.sqlite3_bind_text16(_insert, 1, threadId));
            Check(raw.sqlite3_bind_int64(_insert, 2, seq));
            Check(raw.sqlite3_bind_blob(_insert, 3, json));
            var rc = raw.sqlite3_step(_insert);
            if (rc != raw.SQLITE_DONE)
            {
                throw Failure(rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(_insert);
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _lastSeq.Dispose();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement));
        return statement;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(rc);
        }
    }

    // Built before the statement is reset, while the connection still holds the error message.
    private SqliteException Failure(int rc) =>
        new(raw.sqlite3_errmsg(_db).utf8_to_string() ?? $"SQLite error {rc}.", rc, raw.sqlite3_extended_errcode(_db));
}
