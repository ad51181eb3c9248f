using Microsoft.Data.Sqlite;
using Parley.Storage;

namespace Parley.Sqlite;

/// <summary>
/// The database schema, its versions (kept in <c>PRAGMA user_version</c>) and the status values its
/// columns hold.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this build creates and reads.</summary>
    public const int CurrentVersion = 1;

    // Status columns hold the wire names, so the partial indexes below and the queries that must match
    // them textually can name the open and unfinished statuses.
    public const string OpenItemStatuses = "status IN ('in_progress', 'pending')";
    public const string UnfinishedRunStatuses = "status IN ('queued', 'running')";

    // items.*_length hold the UTF-16 length of each text field of the stored JSON, NULL when the item
    // type has no such field, so validating an append needs no JSON.
    //
    // Text streamed into stored items (StoreBatch.ItemAppends) is kept as rows of (item, field, start,
    // text): the field's text is the item's own text, then for each row in start order
    // text[0:start] + row. An append that starts before the current end (or at an empty last row)
    // first deletes the rows at or after its start, so no two rows of a field share a start, start order
    // is the order the rows were written in, and the last row's end is the field's current end.
    //
    // The rows live in two tables because what an append costs is the pages it dirties: each commit
    // writes every page it touched to the WAL, and the rows of an item that has streamed for a while
    // fill pages of their own, so one table keyed by item costs a page per streaming item per commit.
    // New rows go to item_text_recent, which stays small (a few recent rows per streaming item), so the
    // rows of many items share each page; every RecentRowsPerFlush rows (or RecentCharsPerFlush
    // characters) an item's recent rows are merged into one item_text row. That measured 1.3 times the
    // appends per second of a single table with 1,000 items streaming at once.
    //
    // The text is a BLOB of UTF-16LE code units, not TEXT: it round-trips any .NET string exactly
    // (SQLite's UTF-16 to UTF-8 conversion mangles a lone surrogate, which a delta split inside an emoji
    // holds), costs no transcoding, and length(text) / 2 is its length in the unit offsets use.
    //
    // events is a rowid table on purpose: rows arrive interleaved across threads, and a WITHOUT ROWID
    // table clustered on (thread_id, seq) measured three times slower to append to than a rowid table
    // whose primary key index is the only structure written out of order.
    private const string Version1 = $"""
        CREATE TABLE IF NOT EXISTS threads (
            id TEXT NOT NULL PRIMARY KEY,
            owner_id TEXT NOT NULL,
            client_id TEXT NULL,
            name TEXT NULL,
            updated_at INTEGER NOT NULL,
            json TEXT NOT NULL,
            UNIQUE (owner_id, client_id)
        );
        CREATE INDEX IF NOT EXISTS ix_threads_owner_updated ON threads (owner_id, updated_at DESC, id DESC);

        CREATE TABLE IF NOT EXISTS events (
            thread_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            json BLOB NOT NULL,
            PRIMARY KEY (thread_id, seq)
        );

        CREATE TABLE IF NOT EXISTS items (
            id TEXT NOT NULL PRIMARY KEY,
            thread_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            status TEXT NOT NULL,
            client_id TEXT NULL,
            content_length INTEGER NULL,
            input_length INTEGER NULL,
            output_length INTEGER NULL,
            json TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_items_thread_position ON items (thread_id, position);
        CREATE INDEX IF NOT EXISTS ix_items_open ON items (thread_id, position) WHERE {OpenItemStatuses};
        CREATE INDEX IF NOT EXISTS ix_items_client ON items (thread_id, client_id, position) WHERE client_id IS NOT NULL;

        CREATE TABLE IF NOT EXISTS item_text_recent (
            item_id TEXT NOT NULL,
            field INTEGER NOT NULL,
            start INTEGER NOT NULL,
            text BLOB NOT NULL,
            PRIMARY KEY (item_id, field, start)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS item_text (
            item_id TEXT NOT NULL,
            field INTEGER NOT NULL,
            start INTEGER NOT NULL,
            text BLOB NOT NULL,
            PRIMARY KEY (item_id, field, start)
        ) WITHOUT ROWID;

        -- Replacing or removing an item (thread deletion included) discards the text streamed into it.
        CREATE TRIGGER IF NOT EXISTS tr_items_replaced AFTER UPDATE ON items
        BEGIN
            DELETE FROM item_text_recent WHERE item_id = old.id;
            DELETE FROM item_text WHERE item_id = old.id;
        END;
        CREATE TRIGGER IF NOT EXISTS tr_items_removed AFTER DELETE ON items
        BEGIN
            DELETE FROM item_text_recent WHERE item_id = old.id;
            DELETE FROM item_text WHERE item_id = old.id;
        END;

        CREATE TABLE IF NOT EXISTS runs (
            id TEXT NOT NULL PRIMARY KEY,
            thread_id TEXT NOT NULL,
            status TEXT NOT NULL,
            client_id TEXT NULL,
            created_at INTEGER NOT NULL,
            json TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_runs_thread ON runs (thread_id); -- thread deletion
        CREATE INDEX IF NOT EXISTS ix_runs_client ON runs (thread_id, client_id, created_at, id) WHERE client_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_runs_unfinished ON runs (thread_id, created_at, id) WHERE {UnfinishedRunStatuses};

        PRAGMA user_version = 1;
        """;

    /// <summary>
    /// Brings the database to <see cref="CurrentVersion"/>, one version per transaction. Safe when another
    /// process migrates the same file at the same time: each step re-reads the version under the write lock.
    /// </summary>
    /// <param name="connection">An open connection that is not in a transaction.</param>
    /// <param name="cancellationToken">Cancels between steps.</param>
    /// <exception cref="ChatStoreException">The database was created by a newer version of Parley.</exception>
    public static void Migrate(SqliteConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction(deferred: false);
            var version = ReadVersion(connection, transaction);
            if (version > CurrentVersion)
            {
                throw new ChatStoreException(
                    $"The database has schema version {version}; this version of Parley.Sqlite reads up to {CurrentVersion}.",
                    isTransient: false);
            }

            if (version == CurrentVersion)
            {
                transaction.Commit();
                return;
            }

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = GetMigration(version + 1);
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>Reads the schema version of the database.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The connection's transaction, if any.</param>
    public static long ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return (long)(command.ExecuteScalar() ?? 0L);
    }

    /// <summary>The wire name of an item status, as stored in <c>items.status</c>.</summary>
    /// <param name="status">The status.</param>
    public static string ToColumn(ItemStatus status) => status switch
    {
        ItemStatus.Completed => "completed",
        ItemStatus.InProgress => "in_progress",
        ItemStatus.Cancelled => "cancelled",
        ItemStatus.Failed => "failed",
        ItemStatus.Interrupted => "interrupted",
        ItemStatus.Pending => "pending",
        ItemStatus.Answered => "answered",
        ItemStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown item status."),
    };

    /// <summary>The value of a text field in <c>item_text.field</c>; fixed here so renumbering the enum cannot change stored data.</summary>
    /// <param name="field">The field.</param>
    public static int ToColumn(ItemField field) => field switch
    {
        ItemField.Content => 0,
        ItemField.Input => 1,
        ItemField.Output => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown item field."),
    };

    /// <summary>The text field stored as <paramref name="column"/> in <c>item_text.field</c>.</summary>
    /// <param name="column">The stored value.</param>
    public static ItemField ToItemField(long column) => column switch
    {
        0 => ItemField.Content,
        1 => ItemField.Input,
        2 => ItemField.Output,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown item field value."),
    };

    /// <summary>The wire name of a run status, as stored in <c>runs.status</c>.</summary>
    /// <param name="status">The status.</param>
    public static string ToColumn(RunStatus status) => status switch
    {
        RunStatus.Queued => "queued",
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Cancelled => "cancelled",
        RunStatus.Failed => "failed",
        RunStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    // Version N's script takes the schema from version N - 1 to N and ends by setting user_version to N.
    // Add a case per new version.
    private static string GetMigration(long version) => version switch
    {
        1 => Version1,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "No migration to this schema version."),
    };
}
