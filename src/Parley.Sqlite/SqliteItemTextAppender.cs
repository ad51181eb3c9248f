using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parley.Sqlite;

/// <summary>
/// Appends streamed text to stored items with statements prepared once on the write connection and
/// driven through SQLitePCL directly. See <see cref="SqliteSchema"/> for the two tables it writes.
/// </summary>
/// <remarks>
/// An append costs a row insert of the new text, never a rewrite of the item, plus now and then a merge
/// of the item's recent rows; streaming runs an append for every open item in every batch, so this path
/// is as hot as the event inserts. Not thread-safe: used under the write lock, inside a transaction
/// begun on the same connection.
/// </remarks>
internal sealed class SqliteItemTextAppender : IDisposable
{
    /// <summary>How many recent rows of a field are merged into one <c>item_text</c> row.</summary>
    public const int RecentRowsPerFlush = 8;

    /// <summary>
    /// How many recent characters of a field are merged into one <c>item_text</c> row; an append at
    /// least this long goes straight to <c>item_text</c>.
    /// </summary>
    public const int RecentCharsPerFlush = 512;

    private readonly sqlite3 _db;
    private readonly List<sqlite3_stmt> _all = [];
    private readonly sqlite3_stmt _lookup;
    private readonly sqlite3_stmt _lastSettled;
    private readonly sqlite3_stmt _truncateRecent;
    private readonly sqlite3_stmt _truncateSettled;
    private readonly sqlite3_stmt _insertRecent;
    private readonly sqlite3_stmt _insertSettled;
    private readonly sqlite3_stmt _readRecent;
    private readonly sqlite3_stmt _deleteRecent;
    private byte[] _merged = new byte[2 * RecentCharsPerFlush];

    public SqliteItemTextAppender(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        try
        {
            // One row: whether the item is in the thread, the field's own length (NULL: no such field),
            // then the field's recent rows: count, characters, and the last one's start and length (with
            // a single max(), SQLite takes the bare column from the row holding the maximum). No row: no
            // such item.
            _lookup = Prepare(
                """
                SELECT i.thread_id = ?3,
                       CASE ?2 WHEN 0 THEN i.content_length WHEN 1 THEN i.input_length WHEN 2 THEN i.output_length END,
                       r.n, r.chars, r.last_start, r.last_length
                FROM items i,
                     (SELECT count(*) AS n, total(length(text)) / 2 AS chars, max(start) AS last_start, length(text) / 2 AS last_length
                      FROM item_text_recent WHERE item_id = ?1 AND field = ?2) r
                WHERE i.id = ?1;
                """);
            _lastSettled = Prepare("SELECT start, length(text) / 2 FROM item_text WHERE item_id = ?1 AND field = ?2 ORDER BY start DESC LIMIT 1;");
            _truncateRecent = Prepare("DELETE FROM item_text_recent WHERE item_id = ?1 AND field = ?2 AND start >= ?3;");
            _truncateSettled = Prepare("DELETE FROM item_text WHERE item_id = ?1 AND field = ?2 AND start >= ?3;");
            _insertRecent = Prepare("INSERT INTO item_text_recent (item_id, field, start, text) VALUES (?1, ?2, ?3, ?4);");
            _insertSettled = Prepare("INSERT INTO item_text (item_id, field, start, text) VALUES (?1, ?2, ?3, ?4);");
            _readRecent = Prepare("SELECT start, text FROM item_text_recent WHERE item_id = ?1 AND field = ?2 ORDER BY start;");
            _deleteRecent = Prepare("DELETE FROM item_text_recent WHERE item_id = ?1 AND field = ?2;");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads where a text field of a stored item stands; <see cref="FieldState.IsValid"/> is false when
    /// the item is not stored, is stored in another thread, or has no such field.
    /// </summary>
    /// <exception cref="SqliteException">SQLite failed.</exception>
    public FieldState Lookup(string threadId, string itemId, ItemField field)
    {
        var column = SqliteSchema.ToColumn(field);
        FieldState state;
        try
        {
            Bind(_lookup, itemId, column);
            Check(raw.sqlite3_bind_text16(_lookup, 3, threadId));
            var rc = raw.sqlite3_step(_lookup);
            if (rc == raw.SQLITE_DONE)
            {
                return FieldState.Invalid;
            }

            if (rc != raw.SQLITE_ROW)
            {
                throw SqliteNative.Failure(_db, rc);
            }

            if (raw.sqlite3_column_int(_lookup, 0) == 0 || raw.sqlite3_column_type(_lookup, 1) == raw.SQLITE_NULL)
            {
                return FieldState.Invalid;
            }

            state = new FieldState(raw.sqlite3_column_int(_lookup, 1), LastStart: -1, raw.sqlite3_column_int(_lookup, 2), raw.sqlite3_column_int(_lookup, 3));
            if (state.RecentRows > 0)
            {
                var lastStart = raw.sqlite3_column_int(_lookup, 4);
                return state with { LastStart = lastStart, End = lastStart + raw.sqlite3_column_int(_lookup, 5) };
            }
        }
        finally
        {
            raw.sqlite3_reset(_lookup);
        }

        // No recent rows: the field ends where its last merged row does, or where its own text does.
        try
        {
            Bind(_lastSettled, itemId, column);
            var rc = raw.sqlite3_step(_lastSettled);
            if (rc == raw.SQLITE_ROW)
            {
                var lastStart = raw.sqlite3_column_int(_lastSettled, 0);
                return state with { LastStart = lastStart, End = lastStart + raw.sqlite3_column_int(_lastSettled, 1) };
            }

            return rc == raw.SQLITE_DONE ? state : throw SqliteNative.Failure(_db, rc);
        }
        finally
        {
            raw.sqlite3_reset(_lastSettled);
        }
    }

    /// <summary>
    /// Stores <paramref name="text"/> at <paramref name="start"/> of a field and advances
    /// <paramref name="state"/>. The start must be valid: from 0 to <see cref="FieldState.End"/>.
    /// </summary>
    /// <exception cref="SqliteException">SQLite failed.</exception>
    public void Append(string itemId, ItemField field, int start, string text, ref FieldState state)
    {
        var column = SqliteSchema.ToColumn(field);

        // Rows at or after the start are cut off; deleting them keeps starts unique and in write order.
        // At the end that is only an empty last row, which a later row at the same start would tie with.
        if (start < state.End || start == state.LastStart)
        {
            Execute(_truncateRecent, itemId, column, start);
            Execute(_truncateSettled, itemId, column, start);
        }

        if (text.Length >= RecentCharsPerFlush)
        {
            // Long text would crowd the recent table's shared pages; merge what is recent, then settle it.
            Flush(itemId, column, ref state);
            Insert(_insertSettled, itemId, column, start, text);
        }
        else
        {
            Insert(_insertRecent, itemId, column, start, text);
            state = state with { RecentRows = state.RecentRows + 1, RecentChars = state.RecentChars + text.Length };
        }

        state = state with { LastStart = start, End = start + text.Length };
        if (state.RecentRows >= RecentRowsPerFlush || state.RecentChars >= RecentCharsPerFlush)
        {
            Flush(itemId, column, ref state);
        }
    }

    public void Dispose()
    {
        foreach (var statement in _all)
        {
            statement.Dispose();
        }

        _all.Clear();
    }

    // Merges a field's recent rows into one item_text row at the first one's start. Copying each row's
    // bytes to its place in write order, then cutting at the end, applies them as reads would.
    private void Flush(string itemId, int column, ref FieldState state)
    {
        if (state.RecentRows == 0)
        {
            return;
        }

        var first = -1;
        var length = 0;
        try
        {
            Bind(_readRecent, itemId, column);
            int rc;
            while ((rc = raw.sqlite3_step(_readRecent)) == raw.SQLITE_ROW)
            {
                var start = raw.sqlite3_column_int(_readRecent, 0);
                var bytes = raw.sqlite3_column_blob(_readRecent, 1);
                first = first < 0 ? start : first;
                var at = 2 * (start - first);
                if (at + bytes.Length > _merged.Length)
                {
                    Array.Resize(ref _merged, Math.Max(2 * _merged.Length, at + bytes.Length));
                }

                bytes.CopyTo(_merged.AsSpan(at));
                length = at + bytes.Length;
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw SqliteNative.Failure(_db, rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(_readRecent);
        }

        Bind(_deleteRecent, itemId, column);
        SqliteNative.Execute(_db, _deleteRecent);
        if (first >= 0)
        {
            Bind(_insertSettled, itemId, column, first);
            BindBlob(_insertSettled, _merged.AsSpan(0, length));
            SqliteNative.Execute(_db, _insertSettled);
            state = state with { LastStart = first };
        }

        state = state with { RecentRows = 0, RecentChars = 0 };
    }

    private void Insert(sqlite3_stmt statement, string itemId, int column, int start, string text)
    {
        Bind(statement, itemId, column, start);
        if (BitConverter.IsLittleEndian)
        {
            BindBlob(statement, MemoryMarshal.AsBytes(text.AsSpan()));
        }
        else
        {
            var units = text.ToCharArray();
            var values = MemoryMarshal.Cast<char, ushort>(units.AsSpan());
            BinaryPrimitives.ReverseEndianness(values, values);
            BindBlob(statement, MemoryMarshal.AsBytes(units.AsSpan()));
        }

        SqliteNative.Execute(_db, statement);
    }

    private void BindBlob(sqlite3_stmt statement, ReadOnlySpan<byte> bytes) =>

        // An empty span may reach SQLite as a null pointer, which binds NULL rather than an empty blob.
        Check(bytes.IsEmpty ? raw.sqlite3_bind_zeroblob(statement, 4, 0) : raw.sqlite3_bind_blob(statement, 4, bytes));

    private void Execute(sqlite3_stmt statement, string itemId, int column, int start)
    {
        Bind(statement, itemId, column, start);
        SqliteNative.Execute(_db, statement);
    }

    private void Bind(sqlite3_stmt statement, string itemId, int column, int? start = null)
    {
        Check(raw.sqlite3_bind_text16(statement, 1, itemId));
        Check(raw.sqlite3_bind_int(statement, 2, column));
        if (start is { } value)
        {
            Check(raw.sqlite3_bind_int(statement, 3, value));
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var statement = SqliteNative.Prepare(_db, sql);
        _all.Add(statement);
        return statement;
    }

    private void Check(int rc) => SqliteNative.Check(_db, rc);

    /// <summary>Where a text field stands while a batch appends to it.</summary>
    /// <param name="End">The field's current end, in UTF-16 code units; -1 when the append target is not valid.</param>
    /// <param name="LastStart">The start of the field's last row, -1 when it has none.</param>
    /// <param name="RecentRows">How many recent rows the field has (at least; truncation is not subtracted).</param>
    /// <param name="RecentChars">How many characters its recent rows hold (at least).</param>
    internal readonly record struct FieldState(int End, int LastStart, int RecentRows, int RecentChars)
    {
        /// <summary>The state of a target that is not a stored item with that field.</summary>
        public static FieldState Invalid { get; } = new(-1, -1, 0, 0);

        /// <summary>True when the target is a stored item of the thread with that field.</summary>
        public bool IsValid => End >= 0;
    }
}
