using Parley.Storage;

namespace Parley.StoreConformance;

// Snapshots: the thread, its items, its last seq and its unfinished runs, read together.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task GetSnapshotAsync_UnknownThread_ReturnsNull()
    {
        Assert.Null(await Store.GetSnapshotAsync("thr_unknown", Ct));
    }

    [Fact]
    public async Task GetSnapshotAsync_NewThreadWithInitialRun_HasNoItemsAndTheQueuedRun()
    {
        var thread = NewThread(clientId: "cli_new");
        var run = NewRun(thread.Id) with { Trigger = RunTrigger.ChatStart };
        await Store.CreateThreadAsync(thread, run, Ct);

        var snapshot = await Store.GetSnapshotAsync(thread.Id, Ct);

        Assert.NotNull(snapshot);
        AssertSameThread(thread, snapshot.Thread);
        Assert.Empty(snapshot.Items);
        Assert.Equal(0, snapshot.LastSeq);
        Assert.Null(snapshot.ActiveRun);
        AssertSameRuns([run], snapshot.QueuedRuns);
    }

    [Fact]
    public async Task GetSnapshotAsync_ThreadWithHistory_ReturnsItemsLastSeqActiveRunAndQueuedRuns()
    {
        var thread = await CreateThreadAsync(name: "History");
        var question = User("What's up?", clientId: "cli_q");
        var answer = Assistant(ItemStatus.InProgress, "Not m");
        var removed = Step(ItemStatus.Completed);
        await AddItemsAsync(thread.Id, question, removed, answer);
        var later = Ask(ItemStatus.Pending);
        await AddItemsAsync(thread.Id, later);
        await CommitAsync(new StoreBatch
        {
            Events = Deltas(thread.Id, 5, 3),
            Items = [new ItemRecord(thread.Id, answer with { Content = "Not much" }, 7)],
            RemovedItemIds = [removed.Id],
        });
        var done = NewRun(thread.Id, RunStatus.Completed, T0);
        var running = NewRun(thread.Id, RunStatus.Running, T0.AddSeconds(1));
        var queuedSecond = NewRun(thread.Id, RunStatus.Queued, T0.AddSeconds(3), id: "run_a");
        var queuedFirst = NewRun(thread.Id, RunStatus.Queued, T0.AddSeconds(2), id: "run_b");
        var queuedTie = NewRun(thread.Id, RunStatus.Queued, T0.AddSeconds(3), id: "run_0");
        await AddRunsAsync(queuedSecond, done, queuedTie, running, queuedFirst);

        var snapshot = await Store.GetSnapshotAsync(thread.Id, Ct);

        Assert.NotNull(snapshot);
        AssertSameThread(thread, snapshot.Thread);
        AssertSameItems([question, answer with { Content = "Not much" }, later], snapshot.Items);
        Assert.Equal(7, snapshot.LastSeq);
        Assert.Equal(running, snapshot.ActiveRun);
        AssertSameRuns([queuedFirst, queuedTie, queuedSecond], snapshot.QueuedRuns);
    }

    [Fact]
    public async Task GetSnapshotAsync_OtherThreadsState_IsExcluded()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        await AddItemsAsync(b.Id, User("in B"), Assistant());
        await AddRunsAsync(NewRun(b.Id, RunStatus.Running), NewRun(b.Id));

        var snapshot = await Store.GetSnapshotAsync(a.Id, Ct);

        Assert.NotNull(snapshot);
        Assert.Empty(snapshot.Items);
        Assert.Equal(0, snapshot.LastSeq);
        Assert.Null(snapshot.ActiveRun);
        Assert.Empty(snapshot.QueuedRuns);
    }

    [Fact]
    public async Task GetSnapshotAsync_AfterThreadUpdate_ReturnsUpdatedThread()
    {
        var thread = await CreateThreadAsync(name: "before");
        var updated = thread with { Name = "after", UpdatedAt = T0.AddHours(1), Session = Json("""{"step":2}""") };

        await CommitAsync(new StoreBatch { Threads = [updated] });

        var snapshot = await Store.GetSnapshotAsync(thread.Id, Ct);
        Assert.NotNull(snapshot);
        AssertSameThread(updated, snapshot.Thread);
    }
}
