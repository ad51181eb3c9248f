using Microsoft.Data.Sqlite;
using Parley.Storage;
using Parley.StoreConformance;

namespace Parley.Sqlite.Tests;

/// <summary>
/// Runs the store conformance suite against <see cref="SqliteChatStore"/>, each test on a new database
/// file in a directory that does not exist yet; plus what only a SQLite file can do.
/// </summary>
public sealed class SqliteChatStoreTests : ChatStoreConformanceTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-sqlite-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_root, "nested", "parley.db");

    protected override Task<IChatStore> CreateStoreAsync() =>
        Task.FromResult<IChatStore>(new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath }));

    protected override async Task DisposeStoreAsync(IChatStore store)
    {
        await base.DisposeStoreAsync(store);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void InitializeAsync_MissingDirectory_CreatesDatabaseFile()
    {
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_SetsSchemaVersion()
    {
        await using var connection = await OpenRawConnectionAsync();

        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_TurnsOnWalMode()
    {
        await using var connection = await OpenRawConnectionAsync();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task InitializeAsync_CalledAgainAndOnReopen_KeepsSchemaAndData()
    {
        var thread = await CreateThreadAsync(name: "kept");
        await Store.InitializeAsync(Ct);
        await using var reopened = new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath });

        await reopened.InitializeAsync(Ct);

        AssertSameThread(thread, await reopened.GetThreadAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task InitializeAsync_NewerSchemaVersion_ThrowsNonTransient()
    {
        await using (var connection = await OpenRawConnectionAsync())
        {
            await ScalarAsync(connection, "PRAGMA user_version = 99;");
        }

        await using var newer = new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath });

        var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await newer.InitializeAsync(Ct));
        Assert.False(ex.IsTransient);
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_ThenReopenOnSameFile_KeepsEverything()
    {
        var thread = NewThread(clientId: "cli_t", name: "persisted") with { Session = Json("""{"k":"v"}""") };
        var run = NewRun(thread.Id, RunStatus.Running);
        await Store.CreateThreadAsync(thread, run, Ct);
        var items = new ChatItem[] { User("q", clientId: "cli_m"), Assistant(ItemStatus.InProgress, "partial") };
        await AddItemsAsync(thread.Id, items);
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 3, 5) });
        var events = await ReadAllEventsAsync(thread.Id);
        await ((SqliteChatStore)Store).DisposeAsync();

        await using var reopened = new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath });
        await reopened.InitializeAsync(Ct);

        var snapshot = await reopened.GetSnapshotAsync(thread.Id, Ct);
        Assert.NotNull(snapshot);
        AssertSameThread(thread, snapshot.Thread);
        AssertSameItems(items, snapshot.Items);
        Assert.Equal(7, snapshot.LastSeq);
        Assert.Equal(run, snapshot.ActiveRun);
        Assert.Equal(events.Select(e => e.Json.ToArray()), (await reopened.ReadEventsAsync(thread.Id, 0, 100, Ct)).Select(e => e.Json.ToArray()));
        Assert.Equal([thread.Id], await reopened.GetThreadsNeedingRecoveryAsync(Ct));
        AssertSameThread(thread, await reopened.CreateThreadAsync(NewThread(clientId: "cli_t"), null, Ct));
        await reopened.CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 8)] }, Ct);
        Assert.Equal(8, await reopened.GetLastSeqAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task CommitAsync_DatabaseLockedByAnotherConnection_ThrowsTransientThenSucceedsAfterRelease()
    {
        await using var store = new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath, BusyTimeout = TimeSpan.FromMilliseconds(100) });
        await store.InitializeAsync(Ct);
        var thread = await store.CreateThreadAsync(NewThread(), null, Ct);
        var batch = new StoreBatch { Events = Deltas(thread.Id, 1, 3), Runs = [NewRun(thread.Id)] };

        await using (var locker = await OpenRawConnectionAsync())
        {
            await ScalarAsync(locker, "BEGIN IMMEDIATE;");

            var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await store.CommitAsync(batch, Ct));
            Assert.True(ex.IsTransient);
            Assert.IsType<SqliteException>(ex.InnerException);
            var create = await Assert.ThrowsAsync<ChatStoreException>(async () => await store.CreateThreadAsync(NewThread(), null, Ct));
            Assert.True(create.IsTransient);

            await ScalarAsync(locker, "ROLLBACK;");
        }

        await store.CommitAsync(batch, Ct);
        Assert.Equal(3, await store.GetLastSeqAsync(thread.Id, Ct));
        Assert.Single(await store.GetUnfinishedRunsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task CommitAsync_TwoStoresOnOneFile_KeepEachOthersWritesIntact()
    {
        await using var other = new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath });
        await other.InitializeAsync(Ct);
        var mine = await CreateThreadAsync(name: "mine");
        var theirs = await other.CreateThreadAsync(NewThread(name: "theirs"), null, Ct);

        async Task WriteAsync(IChatStore store, string threadId)
        {
            for (var b = 0; b < 40; b++)
            {
                var item = User($"{threadId} {b}");
                await store.CommitAsync(
                    new StoreBatch { Events = [Added(threadId, (b * 10) + 1, item), .. Deltas(threadId, (b * 10) + 2, 9)], Items = [new ItemRecord(threadId, item, (b * 10) + 1)] },
                    Ct);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync(Store, mine.Id)), Task.Run(() => WriteAsync(other, theirs.Id)));

        foreach (var store in new[] { Store, other })
        {
            Assert.Equal(400, await store.GetLastSeqAsync(mine.Id, Ct));
            Assert.Equal(400, await store.GetLastSeqAsync(theirs.Id, Ct));
            Assert.Equal(40, (await store.GetItemsAsync(theirs.Id, 100, Ct)).Count);
            Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), (await store.ReadEventsAsync(mine.Id, 0, 1000, Ct)).Select(e => e.Seq));
        }

        await using var connection = await OpenRawConnectionAsync();
        Assert.Equal("ok", await ScalarAsync(connection, "PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task CreateThreadAsync_TwoStoresOnOneFileWithSameClientId_CreateOneThread()
    {
        await using var other = new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath });
        await other.InitializeAsync(Ct);
        var attempts = Enumerable.Range(0, 6).Select(_ => NewThread(clientId: "cli_shared")).ToList();

        var results = await Task.WhenAll(attempts.Select((t, i) => Task.Run(async () => await (i % 2 == 0 ? Store : other).CreateThreadAsync(t, NewRun(t.Id), Ct))));

        var winner = Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Equal([winner], (await ListAllThreadsAsync(Alice)).Select(t => t.Id));
        Assert.Single(await other.GetUnfinishedRunsAsync(winner, Ct));
    }

    [Fact]
    public async Task ConnectionString_WhenSet_WinsOverDatabasePath()
    {
        var otherPath = Path.Combine(_root, "other", "chosen.db");
        await using var store = new SqliteChatStore(new SqliteChatStoreOptions
        {
            DatabasePath = Path.Combine(_root, "ignored", "ignored.db"),
            ConnectionString = $"Data Source={otherPath}",
        });

        await store.InitializeAsync(Ct);

        Assert.True(File.Exists(otherPath));
        Assert.False(Directory.Exists(Path.Combine(_root, "ignored")));
    }

    [Fact]
    public async Task DisposeAsync_ThenAnyCall_ThrowsObjectDisposed()
    {
        var store = (SqliteChatStore)Store;
        await store.DisposeAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.CommitAsync(new StoreBatch { Events = [Delta("thr_x", 1)] }, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.GetThreadAsync("thr_x", Ct));
    }

    [Fact]
    public void GetDefaultDatabasePath_ContentRoot_IsParleyFolderUnderIt()
    {
        Assert.Equal(Path.Combine("/srv/app", ".parley", "parley.db"), SqliteChatStore.GetDefaultDatabasePath("/srv/app"));
    }

    [Fact]
    public void Constructor_NegativeBusyTimeout_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteChatStore(new SqliteChatStoreOptions { DatabasePath = DatabasePath, BusyTimeout = TimeSpan.FromSeconds(-1) }));
    }

    // A connection outside any store, unpooled so it holds no file handle once disposed.
    private async Task<SqliteConnection> OpenRawConnectionAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        return connection;
    }

    private async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
