using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parley.Sqlite;

/// <summary>
/// Helpers for the statements the write path drives through SQLitePCL directly, bypassing
/// Microsoft.Data.Sqlite's per-execution reader and parameter handling on the hottest statements.
/// </summary>
internal static class SqliteNative
{
    /// <summary>Prepares a statement that lives as long as its connection.</summary>
    /// <exception cref="SqliteException">The SQL does not compile.</exception>
    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement));
        return statement;
    }

    /// <summary>Throws unless <paramref name="rc"/> is <c>SQLITE_OK</c>.</summary>
    /// <exception cref="SqliteException">It is not.</exception>
    public static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(db, rc);
        }
    }

    /// <summary>Steps a statement that returns no rows, then resets it.</summary>
    /// <exception cref="SqliteException">SQLite failed.</exception>
    public static void Execute(sqlite3 db, sqlite3_stmt statement)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                throw Failure(db, rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>
    /// The exception for a failed call. Build it before the statement is reset, while the connection
    /// still holds the error message.
    /// </summary>
    public static SqliteException Failure(sqlite3 db, int rc) =>
        new(raw.sqlite3_errmsg(db).utf8_to_string() ?? $"SQLite error {rc}.", rc, raw.sqlite3_extended_errcode(db));
}
