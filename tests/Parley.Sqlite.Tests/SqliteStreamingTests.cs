using System.Globalization;
using Microsoft.Data.Sqlite;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.Sqlite.Tests;

/// <summary>
/// What the SQLite store does for streaming beyond the conformance suite: how it keeps appended text,
/// appends from two stores on one file, and background checkpoints.
/// </summary>
/// <remarks>Not run in parallel with other tests: checkpoint timing depends on how busy the disk is.</remarks>
[Collection(nameof(SqliteStreamingTests))]
[CollectionDefinition(nameof(SqliteStreamingTests), DisableParallelization = true)]
public sealed class SqliteStreamingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-sqlite-tests", Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly List<SqliteChatStore> _stores = [];

    private string DatabasePath => Path.Combine(_root, "parley.db");

    private CancellationToken Ct => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task CommitAsync_ManySmallAppends_MergesRecentRowsSoTheRecentTableStaysSmall()
    {
        var store = await OpenStoreAsync();
        var (thread, reply) = await AddStreamingReplyAsync(store);
        var expected = "";

        for (var i = 0; i < 100; i++)
        {
            var text = i.ToString(CultureInfo.InvariantCulture) + " ";
            await store.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, expected.Length, text)] }, Ct);
            expected += text;
        }

        await using var connection = await OpenRawConnectionAsync();
        Assert.InRange(await ScalarAsync(connection, "SELECT count(*) FROM item_text_recent;"), 0L, SqliteItemTextAppender.RecentRowsPerFlush - 1);
        Assert.Equal(100L / SqliteItemTextAppender.RecentRowsPerFlush, await ScalarAsync(connection, "SELECT count(*) FROM item_text;"));
        Assert.Equal(expected, ((AssistantMessage)(await store.GetItemAsync(thread, reply, Ct))!).Content);
    }

    [Fact]
    public async Task CommitAsync_AppendEndingInsideSurrogatePair_ReadsBackExactly()
    {
        var store = await OpenStoreAsync();
        var (thread, reply) = await AddStreamingReplyAsync(store);

        await store.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, 0, "a\uD83D")] }, Ct);

        Assert.Equal("a\uD83D", ((AssistantMessage)(await store.GetItemAsync(thread, reply, Ct))!).Content);
        await store.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, 2, "\uDE00b")] }, Ct);
        Assert.Equal("a😀b", ((AssistantMessage)(await store.GetItemAsync(thread, reply, Ct))!).Content);
    }

    [Fact]
    public async Task CommitAsync_AppendsFromTwoStoresOnOneFile_EachContinuesFromTheOthersText()
    {
        var first = await OpenStoreAsync();
        var second = await OpenStoreAsync();
        var (thread, reply) = await AddStreamingReplyAsync(first);

        // Each store remembers where the text ends; a write by the other store must make it look again.
        await first.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, 0, "a")] }, Ct);
        await second.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, 1, "b")] }, Ct);
        await first.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, 2, "c")] }, Ct);
        await second.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, 1, "B")] }, Ct);
        await Assert.ThrowsAsync<ChatStoreException>(async () =>
            await first.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, 3, "d")] }, Ct));

        Assert.Equal("aB", ((AssistantMessage)(await first.GetItemAsync(thread, reply, Ct))!).Content);
        Assert.Equal("aB", ((AssistantMessage)(await second.GetItemAsync(thread, reply, Ct))!).Content);
    }

    [Fact]
    public async Task CommitAsync_ThenNoMoreWrites_IsCheckpointedIntoTheDatabaseFileInTheBackground()
    {
        var store = await OpenStoreAsync();
        var sizeBefore = new FileInfo(DatabasePath).Length;

        // Far fewer pages than a checkpoint waits for: the idle checkpoint must copy them.
        await AddStreamingReplyAsync(store);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (new FileInfo(DatabasePath).Length <= sizeBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(new FileInfo(DatabasePath).Length > sizeBefore, "The committed pages never reached the database file.");
    }

    [Fact]
    public async Task CommitAsync_SustainedWrites_KeepsTheWalBoundedAndTheDatabaseIntact()
    {
        const int Batches = 400;
        var store = await OpenStoreAsync(checkpointPages: 8, restartFrames: 64);
        var threads = new List<(string Thread, string Reply)>();
        for (var t = 0; t < 20; t++)
        {
            threads.Add(await AddStreamingReplyAsync(store));
        }

        var walPath = DatabasePath + "-wal";
        long maxWal = 0;
        var seq = 1L;
        for (var b = 0; b < Batches; b++)
        {
            seq++;
            var text = Text(b);
            await store.CommitAsync(
                new StoreBatch
                {
                    Events = threads.Select(t => Delta(t.Thread, seq, t.Reply, text)).ToList(),
                    ItemAppends = threads.Select(t => new ItemTextAppend(t.Thread, t.Reply, ItemField.Content, b * 40, text)).ToList(),
                },
                Ct);
            maxWal = Math.Max(maxWal, File.Exists(walPath) ? new FileInfo(walPath).Length : 0);
        }

        // Without checkpoints these commits grow the WAL to about 60 MB. With them it starts over once it
        // holds 64 frames (256 KB); a writer outrunning a slow disk's syncs waits once twice that is
        // written, so the WAL never holds much more than 128 frames plus one commit, on any disk.
        Assert.InRange(maxWal, 0, 2L * 1024 * 1024);
        var expected = string.Concat(Enumerable.Range(0, Batches).Select(Text));
        foreach (var (thread, reply) in threads)
        {
            var snapshot = await store.GetSnapshotAsync(thread, Ct);
            Assert.Equal(seq, snapshot!.LastSeq);
            Assert.Equal(expected, ((AssistantMessage)Assert.Single(snapshot.Items)).Content);
        }

        await using var connection = await OpenRawConnectionAsync();
        Assert.Equal("ok", await ScalarAsync<string>(connection, "PRAGMA integrity_check;"));

        static string Text(int b) => string.Create(CultureInfo.InvariantCulture, $"[{b}]").PadRight(40, '.');
    }

    [Fact]
    public async Task CommitAsync_ReaderPinsTheWalPastTheWaitThreshold_CommitsKeepGoingAndRecover()
    {
        var store = await OpenStoreAsync(checkpointPages: 4, restartFrames: 16);
        var (thread, reply) = await AddStreamingReplyAsync(store);
        var text = new string('x', 3000);
        var offset = 0;
        async Task AppendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                // Each commit must end: before the fix, a commit that found no room waited for a
                // checkpoint that nothing would start once a restart had given up on the reader.
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
                limit.CancelAfter(TimeSpan.FromSeconds(20));
                await store.CommitAsync(new StoreBatch { ItemAppends = [new ItemTextAppend(thread, reply, ItemField.Content, offset, text)] }, limit.Token);
                offset += text.Length;
            }
        }

        // A reader holding an old snapshot: no restart can succeed while it reads.
        await using (var reader = await OpenRawConnectionAsync())
        {
            // Deferred: a read snapshot, not the write lock (closing the connection ends it).
            await ScalarAsync(reader, "BEGIN DEFERRED; SELECT count(*) FROM items;");
            var pinned = System.Diagnostics.Stopwatch.StartNew();
            await AppendAsync(80);

            // Not a checkpoint's pace per commit (each restart waits ~100 ms for the reader).
            Assert.True(pinned.Elapsed < TimeSpan.FromSeconds(8), $"80 commits took {pinned.Elapsed.TotalSeconds:F1} s while a reader pinned the WAL");
        }

        await AppendAsync(80);
        var stored = await store.GetItemAsync(thread, reply, Ct);
        Assert.Equal(offset, ((AssistantMessage)stored!).Content.Length);
    }

    private static StoredEvent Delta(string threadId, long seq, string itemId, string text) => new(
        threadId,
        seq,
        ParleyJson.SerializeEvent(new ItemDeltaEvent { ThreadId = threadId, Seq = seq, At = T0, ItemId = itemId, Field = ItemField.Content, Offset = 0, Text = text }));

    private async Task<SqliteChatStore> OpenStoreAsync(int? checkpointPages = null, int? restartFrames = null)
    {
        var options = new SqliteChatStoreOptions { DatabasePath = DatabasePath };
        options.CheckpointPages = checkpointPages ?? options.CheckpointPages;
        options.CheckpointRestartFrames = restartFrames ?? options.CheckpointRestartFrames;
        var store = new SqliteChatStore(options);
        _stores.Add(store);
        await store.InitializeAsync(Ct);
        return store;
    }

    // A thread holding one in-progress assistant message with no text, added at seq 1.
    private async Task<(string Thread, string Reply)> AddStreamingReplyAsync(SqliteChatStore store)
    {
        var thread = await store.CreateThreadAsync(
            new ThreadRecord { Id = "thr_" + Guid.NewGuid().ToString("N"), OwnerId = "usr_alice", CreatedAt = T0, UpdatedAt = T0 }, null, Ct);
        var reply = new AssistantMessage { Id = "itm_" + Guid.NewGuid().ToString("N"), Status = ItemStatus.InProgress, CreatedAt = T0, Content = "" };
        await store.CommitAsync(
            new StoreBatch
            {
                Events = [new StoredEvent(thread.Id, 1, ParleyJson.SerializeEvent(new ItemAddedEvent { ThreadId = thread.Id, Seq = 1, At = T0, Item = reply }))],
                Items = [new ItemRecord(thread.Id, reply, 1)],
            },
            Ct);
        return (thread.Id, reply.Id);
    }

    // A connection outside any store, unpooled so it holds no file handle once disposed.
    private async Task<SqliteConnection> OpenRawConnectionAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        return connection;
    }

    private Task<long> ScalarAsync(SqliteConnection connection, string sql) => ScalarAsync<long>(connection, sql);

    private async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
