using Parley.Storage;

namespace Parley.StoreConformance;

// Threads: creation with its idempotency key, updates that never insert, and deletion.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task CreateThreadAsync_NewThread_StoresThreadAndInitialRun()
    {
        var thread = NewThread(clientId: "cli_1", name: "Hello");
        var run = NewRun(thread.Id, clientId: "cli_1") with { Trigger = RunTrigger.ChatStart };

        var stored = await Store.CreateThreadAsync(thread, run, Ct);

        AssertSameThread(thread, stored);
        AssertSameThread(thread, await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Equal(run, await Store.GetRunAsync(run.Id, Ct));
        AssertSameRuns([run], await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
        Assert.Equal(run, await Store.FindRunByClientIdAsync(thread.Id, "cli_1", Ct));
        Assert.Equal([thread.Id], (await ListAllThreadsAsync(Alice)).Select(t => t.Id));
    }

    [Fact]
    public async Task CreateThreadAsync_WithoutInitialRun_StoresThreadOnly()
    {
        var thread = NewThread();

        await Store.CreateThreadAsync(thread, null, Ct);

        AssertSameThread(thread, await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Empty(await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task CreateThreadAsync_EveryField_RoundTrips()
    {
        var thread = NewThread(clientId: "cli_full", name: "Ünïcödé — 会话 🚀") with
        {
            Profile = "gpt-expert",
            Metadata = Json("""{"source":"web","tags":["a","b"],"nested":{"n":1.5,"ok":true,"none":null}}"""),
            Session = Json("""{"cart":[{"sku":"x-1","qty":2}],"name":"O'Brien \"the\" \\ user"}"""),
            Settings = Json("""{"temperature":0.7,"model":"small"}"""),
            UpdatedAt = T0.AddMinutes(5),
        };

        await Store.CreateThreadAsync(thread, null, Ct);

        AssertSameThread(thread, await Store.GetThreadAsync(thread.Id, Ct));
        AssertSameThread(thread, Assert.Single(await ListAllThreadsAsync(Alice)));
    }

    [Fact]
    public async Task CreateThreadAsync_SameOwnerAndClientId_ReturnsExistingThreadAndCreatesNothing()
    {
        var first = NewThread(clientId: "cli_1", name: "first");
        var firstRun = NewRun(first.Id);
        await Store.CreateThreadAsync(first, firstRun, Ct);
        var second = NewThread(clientId: "cli_1", name: "second");
        var secondRun = NewRun(second.Id);

        var stored = await Store.CreateThreadAsync(second, secondRun, Ct);

        AssertSameThread(first, stored);
        Assert.Null(await Store.GetThreadAsync(second.Id, Ct));
        Assert.Null(await Store.GetRunAsync(secondRun.Id, Ct));
        Assert.Empty(await Store.GetUnfinishedRunsAsync(second.Id, Ct));
        AssertSameRuns([firstRun], await Store.GetUnfinishedRunsAsync(first.Id, Ct));
        Assert.Equal([first.Id], (await ListAllThreadsAsync(Alice)).Select(t => t.Id));
    }

    [Fact]
    public async Task CreateThreadAsync_OtherOwnerWithSameClientId_CreatesNewThread()
    {
        var alices = NewThread(Alice, clientId: "cli_1");
        var bobs = NewThread(Bob, clientId: "cli_1");
        var bobsRun = NewRun(bobs.Id);
        await Store.CreateThreadAsync(alices, NewRun(alices.Id), Ct);

        var stored = await Store.CreateThreadAsync(bobs, bobsRun, Ct);

        AssertSameThread(bobs, stored);
        AssertSameThread(bobs, await Store.GetThreadAsync(bobs.Id, Ct));
        Assert.Equal(bobsRun, await Store.GetRunAsync(bobsRun.Id, Ct));
        AssertSameThread(alices, await Store.GetThreadAsync(alices.Id, Ct));
    }

    [Fact]
    public async Task CreateThreadAsync_NullClientId_NeverDedupes()
    {
        var first = NewThread();
        var second = NewThread();
        var firstRun = NewRun(first.Id);
        var secondRun = NewRun(second.Id);

        AssertSameThread(first, await Store.CreateThreadAsync(first, firstRun, Ct));
        AssertSameThread(second, await Store.CreateThreadAsync(second, secondRun, Ct));

        Assert.Equal(2, (await ListAllThreadsAsync(Alice)).Count);
        Assert.Equal(firstRun, await Store.GetRunAsync(firstRun.Id, Ct));
        Assert.Equal(secondRun, await Store.GetRunAsync(secondRun.Id, Ct));
    }

    [Fact]
    public async Task CreateThreadAsync_ConcurrentCallsWithSameClientId_CreateOneThreadAndOneRun()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => NewThread(clientId: "cli_race")).ToList();
        var runs = attempts.Select(t => NewRun(t.Id)).ToList();

        var results = await Task.WhenAll(attempts.Select((t, i) => Task.Run(async () => await Store.CreateThreadAsync(t, runs[i], Ct))));

        var winner = Assert.Single(results.Select(r => r.Id).Distinct());
        var winnerIndex = attempts.FindIndex(t => t.Id == winner);
        Assert.Equal([winner], (await ListAllThreadsAsync(Alice)).Select(t => t.Id));
        AssertSameRuns([runs[winnerIndex]], await Store.GetUnfinishedRunsAsync(winner, Ct));
        foreach (var run in runs.Where((_, i) => i != winnerIndex))
        {
            Assert.Null(await Store.GetRunAsync(run.Id, Ct));
        }
    }

    [Fact]
    public async Task CreateThreadAsync_ClientIdOfDeletedThread_CreatesNewThread()
    {
        var first = NewThread(clientId: "cli_1");
        await Store.CreateThreadAsync(first, null, Ct);
        await CommitAsync(new StoreBatch { DeletedThreadIds = [first.Id] });
        var second = NewThread(clientId: "cli_1");

        var stored = await Store.CreateThreadAsync(second, null, Ct);

        AssertSameThread(second, stored);
        AssertSameThread(second, await Store.GetThreadAsync(second.Id, Ct));
    }

    [Fact]
    public async Task GetThreadAsync_UnknownThread_ReturnsNull()
    {
        Assert.Null(await Store.GetThreadAsync("thr_unknown", Ct));
    }

    [Fact]
    public async Task CommitAsync_ThreadUpdate_ReplacesTheWholeRecord()
    {
        var thread = NewThread(name: "old") with { Metadata = Json("""{"a":1}"""), Session = Json("""{"s":1}"""), Profile = "p1" };
        await Store.CreateThreadAsync(thread, null, Ct);
        var updated = thread with
        {
            Name = "new",
            Metadata = null,
            Session = Json("""{"s":2,"t":[1,2]}"""),
            Settings = Json("""{"mode":"fast"}"""),
            Profile = null,
            UpdatedAt = T0.AddHours(2),
        };

        await CommitAsync(new StoreBatch { Threads = [updated] });

        AssertSameThread(updated, await Store.GetThreadAsync(thread.Id, Ct));
        AssertSameThread(updated, Assert.Single(await ListAllThreadsAsync(Alice)));
    }

    [Fact]
    public async Task CommitAsync_ThreadUpdateOfUnknownThread_InsertsNothing()
    {
        var ghost = NewThread(name: "ghost");

        await CommitAsync(new StoreBatch { Threads = [ghost] });

        Assert.Null(await Store.GetThreadAsync(ghost.Id, Ct));
        Assert.Null(await Store.GetSnapshotAsync(ghost.Id, Ct));
        Assert.Empty(await ListAllThreadsAsync(Alice));
    }

    [Fact]
    public async Task CommitAsync_ThreadUpdateAfterDeletion_DoesNotRecreateTheThread()
    {
        var thread = await CreateThreadAsync(name: "doomed");
        await CommitAsync(new StoreBatch { DeletedThreadIds = [thread.Id] });

        await CommitAsync(new StoreBatch { Threads = [thread with { Name = "back?" }] });

        Assert.Null(await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Empty(await ListAllThreadsAsync(Alice));
    }

    [Fact]
    public async Task CommitAsync_DeletedThreadId_RemovesThreadEventsItemsAndRuns()
    {
        var thread = await CreateThreadAsync(clientId: "cli_t");
        var message = User("hi", clientId: "cli_m");
        var open = Assistant(ItemStatus.InProgress);
        await AddItemsAsync(thread.Id, message, open);
        var running = NewRun(thread.Id, RunStatus.Running, clientId: "cli_r");
        var queued = NewRun(thread.Id);
        await AddRunsAsync(running, queued);

        await CommitAsync(new StoreBatch { DeletedThreadIds = [thread.Id] });

        Assert.Null(await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Null(await Store.GetSnapshotAsync(thread.Id, Ct));
        Assert.Empty(await ReadAllEventsAsync(thread.Id));
        Assert.Equal(0, await Store.GetLastSeqAsync(thread.Id, Ct));
        Assert.Null(await Store.GetItemAsync(thread.Id, message.Id, Ct));
        Assert.Empty(await Store.GetItemsAsync(thread.Id, 10, Ct));
        Assert.Empty(await Store.GetOpenItemsAsync(thread.Id, Ct));
        Assert.Null(await Store.FindMessageByClientIdAsync(thread.Id, "cli_m", Ct));
        Assert.Null(await Store.GetRunAsync(running.Id, Ct));
        Assert.Null(await Store.GetRunAsync(queued.Id, Ct));
        Assert.Null(await Store.FindRunByClientIdAsync(thread.Id, "cli_r", Ct));
        Assert.Empty(await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
        Assert.Empty(await Store.GetThreadsNeedingRecoveryAsync(Ct));
        Assert.Empty(await ListAllThreadsAsync(Alice));
    }

    [Fact]
    public async Task CommitAsync_DeletedThreadId_LeavesOtherThreadsAlone()
    {
        var doomed = await CreateThreadAsync();
        var kept = await CreateThreadAsync(name: "kept");
        await AddItemsAsync(doomed.Id, User("x"), Assistant(ItemStatus.InProgress));
        var keptItems = new ChatItem[] { User("y"), Assistant(ItemStatus.InProgress) };
        await AddItemsAsync(kept.Id, keptItems);
        var keptRun = NewRun(kept.Id, RunStatus.Running);
        await AddRunsAsync(NewRun(doomed.Id, RunStatus.Running), keptRun);

        await CommitAsync(new StoreBatch { DeletedThreadIds = [doomed.Id] });

        AssertSameThread(kept, await Store.GetThreadAsync(kept.Id, Ct));
        Assert.Equal([1L, 2], (await ReadAllEventsAsync(kept.Id)).Select(e => e.Seq));
        AssertSameItems(keptItems, await Store.GetItemsAsync(kept.Id, 10, Ct));
        AssertSameRuns([keptRun], await Store.GetUnfinishedRunsAsync(kept.Id, Ct));
        Assert.Equal([kept.Id], await Store.GetThreadsNeedingRecoveryAsync(Ct));
        Assert.Equal([kept.Id], (await ListAllThreadsAsync(Alice)).Select(t => t.Id));
    }

    [Fact]
    public async Task CommitAsync_DeletedUnknownThreadId_ChangesNothing()
    {
        var thread = await CreateThreadAsync();
        await AddItemsAsync(thread.Id, User("x"));

        await CommitAsync(new StoreBatch { DeletedThreadIds = ["thr_unknown"] });

        AssertSameThread(thread, await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Single(await ReadAllEventsAsync(thread.Id));
    }

    [Fact]
    public async Task CommitAsync_WritesAndDeletionOfOneThreadInOneBatch_LeaveNothing()
    {
        var thread = await CreateThreadAsync();
        var item = Assistant(ItemStatus.InProgress);
        var run = NewRun(thread.Id, RunStatus.Running);

        // Deletions are applied last, so they remove what the same batch wrote.
        await CommitAsync(new StoreBatch
        {
            Events = [Added(thread.Id, 1, item)],
            Items = [new ItemRecord(thread.Id, item, 1)],
            Runs = [run],
            Threads = [thread with { Name = "renamed" }],
            DeletedThreadIds = [thread.Id],
        });

        Assert.Null(await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Empty(await ReadAllEventsAsync(thread.Id));
        Assert.Null(await Store.GetItemAsync(thread.Id, item.Id, Ct));
        Assert.Null(await Store.GetRunAsync(run.Id, Ct));
        Assert.Empty(await Store.GetThreadsNeedingRecoveryAsync(Ct));
    }
}
