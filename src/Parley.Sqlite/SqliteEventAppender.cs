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
        _insert = SqliteNative.Prepare(_db, "INSERT INTO events (thread_id, seq, json) VALUES (?1, ?2, ?3);");
        try
        {
            _lastSeq = SqliteNative.Prepare(_db, "SELECT seq FROM events WHERE thread_id = ?1 ORDER BY seq DESC LIMIT 1;");
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
                _ => throw SqliteNative.Failure(_db, rc),
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
        Check(raw.sqlite3_bind_text16(_insert, 1, threadId));
        Check(raw.sqlite3_bind_int64(_insert, 2, seq));
        Check(raw.sqlite3_bind_blob(_insert, 3, json));
        SqliteNative.Execute(_db, _insert);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _lastSeq.Dispose();
    }

    private void Check(int rc) => SqliteNative.Check(_db, rc);
}
