using Parley.Storage;

namespace Parley.StoreConformance;

// A batch is all or nothing, and a cancelled write writes nothing.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_BatchWithStaleSeq_LeavesNothingOfTheBatchBehind()
    {
        var a = await CreateThreadAsync(name: "A");
        var b = await CreateThreadAsync(name: "B");
        var c = await CreateThreadAsync(name: "C");
        var open = Assistant(ItemStatus.InProgress, "partial");
        var doomed = User("remove me");
        await AddItemsAsync(a.Id, open, doomed);
        await CommitAsync(new StoreBatch { Events = [Delta(a.Id, 3)] });
        var running = NewRun(a.Id, RunStatus.Running);
        await AddRunsAsync(running);
        await AddItemsAsync(c.Id, User("in C"));

        // The stale event (C already has seq 1) comes last, after valid events of other threads, so a
        // store that applies the batch row by row must undo what it already applied.
        var bad = new StoreBatch
        {
            Events = [Delta(b.Id, 1), Delta(b.Id, 2), Delta(a.Id, 4), Delta(a.Id, 5), Delta(c.Id, 1)],
            Items = [new ItemRecord(b.Id, User("new in B"), 1), new ItemRecord(a.Id, open with { Status = ItemStatus.Completed, Content = "done" }, 99)],
            RemovedItemIds = [doomed.Id],
            Runs = [running with { Status = RunStatus.Completed, FinishedAt = T0.AddSeconds(1) }, NewRun(b.Id)],
            Threads = [a with { Name = "renamed", UpdatedAt = T0.AddDays(1) }],
            DeletedThreadIds = [c.Id],
        };

        var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(bad));

        Assert.False(ex.IsTransient);
        Assert.Empty(await ReadAllEventsAsync(b.Id));
        Assert.Equal(0, await Store.GetLastSeqAsync(b.Id, Ct));
        Assert.Equal([1L, 2, 3], (await ReadAllEventsAsync(a.Id)).Select(e => e.Seq));
        Assert.Equal(3, await Store.GetLastSeqAsync(a.Id, Ct));
        Assert.Empty(await Store.GetItemsAsync(b.Id, 100, Ct));
        AssertSameItem(open, await Store.GetItemAsync(a.Id, open.Id, Ct));
        AssertSameItem(doomed, await Store.GetItemAsync(a.Id, doomed.Id, Ct));
        Assert.Equal(running, await Store.GetRunAsync(running.Id, Ct));
        Assert.Empty(await Store.GetUnfinishedRunsAsync(b.Id, Ct));
        AssertSameThread(a, await Store.GetThreadAsync(a.Id, Ct));
        AssertSameThread(c, await Store.GetThreadAsync(c.Id, Ct));
        Assert.Single(await Store.GetItemsAsync(c.Id, 100, Ct));
        Assert.Single(await ReadAllEventsAsync(c.Id));
        var snapshot = await Store.GetSnapshotAsync(a.Id, Ct);
        Assert.NotNull(snapshot);
        Assert.Equal(3, snapshot.LastSeq);
        AssertSameItems([open, doomed], snapshot.Items);
        Assert.Equal(running, snapshot.ActiveRun);
    }

    [Fact]
    public async Task CommitAsync_AfterFailedBatch_AcceptsTheCorrectedBatch()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 1, 2) });
        var item = User("hello");
        await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch
        {
            Events = [Added(thread.Id, 2, item)],
            Items = [new ItemRecord(thread.Id, item, 2)],
        }));

        await CommitAsync(new StoreBatch { Events = [Added(thread.Id, 3, item)], Items = [new ItemRecord(thread.Id, item, 3)] });

        Assert.Equal(3, await Store.GetLastSeqAsync(thread.Id, Ct));
        AssertSameItems([item], await Store.GetItemsAsync(thread.Id, 10, Ct));
    }

    [Fact]
    public async Task CommitAsync_CanceledToken_ThrowsAndWritesNothing()
    {
        var thread = await CreateThreadAsync();
        var item = User("hello");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.CommitAsync(
            new StoreBatch
            {
                Events = [Added(thread.Id, 1, item)],
                Items = [new ItemRecord(thread.Id, item, 1)],
                Runs = [NewRun(thread.Id)],
                Threads = [thread with { Name = "renamed" }],
            },
            cts.Token));

        Assert.Equal(0, await Store.GetLastSeqAsync(thread.Id, Ct));
        Assert.Null(await Store.GetItemAsync(thread.Id, item.Id, Ct));
        Assert.Empty(await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
        AssertSameThread(thread, await Store.GetThreadAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task CreateThreadAsync_CanceledToken_ThrowsAndCreatesNothing()
    {
        var thread = NewThread(clientId: "c1");
        var run = NewRun(thread.Id);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.CreateThreadAsync(thread, run, cts.Token));

        Assert.Null(await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Null(await Store.GetRunAsync(run.Id, Ct));
        Assert.Empty(await ListAllThreadsAsync(Alice));
    }
}
