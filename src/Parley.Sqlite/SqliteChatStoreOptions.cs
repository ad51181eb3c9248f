namespace Parley.Sqlite;

/// <summary>Configures <see cref="SqliteChatStore"/>.</summary>
/// <remarks>
/// Set the options before the store is created; the store copies what it needs in its constructor and
/// ignores later changes.
/// </remarks>
public sealed class SqliteChatStoreOptions
{
    /// <summary>
    /// The path of the database file. Its directory is created when missing. Default: null, which means
    /// <c>{ContentRootPath}/.parley/parley.db</c> when the store is registered with <c>UseSqlite</c>
    /// (the content root of the registered <c>IHostEnvironment</c>, else <see cref="AppContext.BaseDirectory"/>),
    /// and <c>{AppContext.BaseDirectory}/.parley/parley.db</c> when the store is constructed directly.
    /// Ignored when <see cref="ConnectionString"/> is set.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// A full Microsoft.Data.Sqlite connection string; when set it wins over <see cref="DatabasePath"/>.
    /// Default: null. The store overrides its <c>Default Timeout</c> from <see cref="BusyTimeout"/>.
    /// The database must be a file: the store reads through several connections and uses WAL mode.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long an operation waits for a lock held by another connection (another process, or a second
    /// store on the same file) before it fails with a transient <see cref="Parley.Storage.ChatStoreException"/>.
    /// Default: 5 seconds. SQLite waits this long itself; Microsoft.Data.Sqlite then retries until the
    /// timeout rounded up to whole seconds has passed, so the effective wait is at least one second.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    // Background checkpointing (see SqliteCheckpointer). Internal: tunable by tests, which checkpoint
    // far more often to exercise checkpoints and WAL restarts while they read and write.
    internal int CheckpointPages { get; set; } = SqliteCheckpointer.DefaultPagesPerCheckpoint;

    internal int CheckpointRestartFrames { get; set; } = SqliteCheckpointer.DefaultFramesPerRestart;
}
