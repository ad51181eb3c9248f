using Parley.Storage;

namespace Parley.StoreConformance;

// Crash recovery: which threads have work that a dead process left unfinished.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task GetThreadsNeedingRecoveryAsync_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await Store.GetThreadsNeedingRecoveryAsync(Ct));
    }

    [Fact]
    public async Task GetThreadsNeedingRecoveryAsync_RunningRunOrOpenItem_ListsThoseThreadsOnce()
    {
        var withRunningRun = await CreateThreadAsync();
        await AddRunsAsync(NewRun(withRunningRun.Id, RunStatus.Running));
        var withStreamingMessage = await CreateThreadAsync();
        await AddItemsAsync(withStreamingMessage.Id, User("q"), Assistant(ItemStatus.InProgress));
        var withPendingAsk = await CreateThreadAsync();
        await AddItemsAsync(withPendingAsk.Id, Ask(ItemStatus.Pending));
        var withRunningStep = await CreateThreadAsync();
        await AddItemsAsync(withRunningStep.Id, Step(ItemStatus.InProgress));
        var withEverything = await CreateThreadAsync();
        await AddItemsAsync(withEverything.Id, Assistant(ItemStatus.InProgress), Ask(ItemStatus.Pending), Step(ItemStatus.InProgress));
        await AddRunsAsync(NewRun(withEverything.Id, RunStatus.Running), NewRun(withEverything.Id));

        var ids = await Store.GetThreadsNeedingRecoveryAsync(Ct);

        Assert.Equal(
            new[] { withRunningRun.Id, withStreamingMessage.Id, withPendingAsk.Id, withRunningStep.Id, withEverything.Id }.Order(StringComparer.Ordinal),
            ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetThreadsNeedingRecoveryAsync_OnlyQueuedRunsOrFinishedWork_ListsNothing()
    {
        var queuedOnly = await CreateThreadAsync();
        await AddRunsAsync(NewRun(queuedOnly.Id), NewRun(queuedOnly.Id));
        var finished = await CreateThreadAsync();
        await AddItemsAsync(
            finished.Id,
            User("q"),
            Assistant(ItemStatus.Completed),
            Assistant(ItemStatus.Cancelled),
            Assistant(ItemStatus.Failed),
            Assistant(ItemStatus.Interrupted),
            Ask(ItemStatus.Answered),
            Ask(ItemStatus.Expired),
            Ask(ItemStatus.Cancelled),
            Step(ItemStatus.Completed));
        await AddRunsAsync(
            NewRun(finished.Id, RunStatus.Completed),
            NewRun(finished.Id, RunStatus.Cancelled),
            NewRun(finished.Id, RunStatus.Failed),
            NewRun(finished.Id, RunStatus.Interrupted));
        await CreateThreadAsync();

        Assert.Empty(await Store.GetThreadsNeedingRecoveryAsync(Ct));
    }

    [Fact]
    public async Task GetThreadsNeedingRecoveryAsync_WorkFinishedOrRemovedLater_ListsNothing()
    {
        var thread = await CreateThreadAsync();
        var streaming = Assistant(ItemStatus.InProgress);
        var ask = Ask(ItemStatus.Pending);
        await AddItemsAsync(thread.Id, streaming, ask);
        var run = NewRun(thread.Id, RunStatus.Running);
        await AddRunsAsync(run);
        Assert.Equal([thread.Id], await Store.GetThreadsNeedingRecoveryAsync(Ct));

        await CommitAsync(new StoreBatch
        {
            Items = [new ItemRecord(thread.Id, streaming with { Status = ItemStatus.Interrupted }, 1)],
            RemovedItemIds = [ask.Id],
            Runs = [run with { Status = RunStatus.Interrupted, FinishedAt = T0.AddSeconds(1) }],
        });

        Assert.Empty(await Store.GetThreadsNeedingRecoveryAsync(Ct));
    }
}
