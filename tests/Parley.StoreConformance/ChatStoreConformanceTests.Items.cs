using Parley.Storage;

namespace Parley.StoreConformance;

// Materialised items: insert, update (keeps position), removal, and the item queries.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_NewItem_GetItemAsyncReturnsIt()
    {
        var thread = await CreateThreadAsync();
        var item = Assistant(content: "Hello there");

        await AddItemsAsync(thread.Id, item);

        AssertSameItem(item, await Store.GetItemAsync(thread.Id, item.Id, Ct));
    }

    [Fact]
    public async Task CommitAsync_ItemUpdate_KeepsStoredPositionAndReplacesItem()
    {
        var thread = await CreateThreadAsync();
        var first = Assistant(ItemStatus.InProgress, "Hel");
        var second = User("next");
        await AddItemsAsync(thread.Id, first, second);
        var updated = first with { Status = ItemStatus.Completed, Content = "Hello, world", Metadata = Json("""{"tokens":12}""") };

        // The update carries a position after the second item; the stored position must win.
        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 3)], Items = [new ItemRecord(thread.Id, updated, 3)] });

        AssertSameItem(updated, await Store.GetItemAsync(thread.Id, first.Id, Ct));
        AssertSameItems([updated, second], await Store.GetItemsAsync(thread.Id, 10, Ct));
        var snapshot = await Store.GetSnapshotAsync(thread.Id, Ct);
        Assert.NotNull(snapshot);
        AssertSameItems([updated, second], snapshot.Items);
    }

    [Fact]
    public async Task CommitAsync_ItemUpdate_ReplacesEveryField()
    {
        var thread = await CreateThreadAsync();
        var step = Step(ItemStatus.InProgress) with { Input = "q", Metadata = Json("""{"a":1}"""), ParentId = "itm_parent" };
        await AddItemsAsync(thread.Id, step);
        var finished = step with
        {
            Status = ItemStatus.Failed,
            Input = "query",
            Output = "boom",
            IsError = true,
            Metadata = null,
            ParentId = null,
            EndedAt = T0.AddSeconds(3),
        };

        await CommitAsync(new StoreBatch { Items = [new ItemRecord(thread.Id, finished, 1)] });

        AssertSameItem(finished, await Store.GetItemAsync(thread.Id, step.Id, Ct));
        Assert.Null((await Store.GetItemAsync(thread.Id, step.Id, Ct))!.Metadata);
    }

    [Fact]
    public async Task CommitAsync_RemovedItemId_RemovesItem()
    {
        var thread = await CreateThreadAsync();
        var keep = User("keep");
        var gone = Assistant(ItemStatus.InProgress, "gone");
        await AddItemsAsync(thread.Id, keep, gone);

        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 3)], RemovedItemIds = [gone.Id] });

        Assert.Null(await Store.GetItemAsync(thread.Id, gone.Id, Ct));
        AssertSameItems([keep], await Store.GetItemsAsync(thread.Id, 10, Ct));
        Assert.Empty(await Store.GetOpenItemsAsync(thread.Id, Ct));
        var snapshot = await Store.GetSnapshotAsync(thread.Id, Ct);
        Assert.NotNull(snapshot);
        AssertSameItems([keep], snapshot.Items);
    }

    [Fact]
    public async Task CommitAsync_RemovedUnknownItemId_ChangesNothing()
    {
        var thread = await CreateThreadAsync();
        var item = User("keep");
        await AddItemsAsync(thread.Id, item);

        await CommitAsync(new StoreBatch { RemovedItemIds = ["itm_unknown"] });

        AssertSameItems([item], await Store.GetItemsAsync(thread.Id, 10, Ct));
    }

    [Fact]
    public async Task CommitAsync_ItemUpsertedAndRemovedInOneBatch_ItemIsGone()
    {
        var thread = await CreateThreadAsync();
        var item = Assistant();

        // Removals are applied after upserts.
        await CommitAsync(new StoreBatch
        {
            Events = [Added(thread.Id, 1, item)],
            Items = [new ItemRecord(thread.Id, item, 1)],
            RemovedItemIds = [item.Id],
        });

        Assert.Null(await Store.GetItemAsync(thread.Id, item.Id, Ct));
        Assert.Empty(await Store.GetItemsAsync(thread.Id, 10, Ct));
    }

    [Fact]
    public async Task CommitAsync_RemovedItemAddedAgain_GetsNewPosition()
    {
        var thread = await CreateThreadAsync();
        var moved = User("moved");
        var other = User("other");
        await AddItemsAsync(thread.Id, moved, other);
        await CommitAsync(new StoreBatch { RemovedItemIds = [moved.Id] });

        await AddItemsAsync(thread.Id, moved);

        AssertSameItems([other, moved], await Store.GetItemsAsync(thread.Id, 10, Ct));
    }

    [Fact]
    public async Task GetItemsAsync_LimitBelowCount_ReturnsNewestItemsInPositionOrder()
    {
        var thread = await CreateThreadAsync();
        var items = Enumerable.Range(0, 6).Select(i => User($"m{i}")).ToArray();

        // The batch lists the items out of position order; the store must order them by position.
        await CommitAsync(new StoreBatch
        {
            Events = Enumerable.Range(0, 6).Select(i => Added(thread.Id, 10 + i, items[i])).ToList(),
            Items = [.. new[] { 3, 0, 5, 1, 4, 2 }.Select(i => new ItemRecord(thread.Id, items[i], 10 + i))],
        });

        AssertSameItems(items[3..], await Store.GetItemsAsync(thread.Id, 3, Ct));
        AssertSameItems(items[5..], await Store.GetItemsAsync(thread.Id, 1, Ct));
    }

    [Fact]
    public async Task GetItemsAsync_LimitAboveCount_ReturnsAllItemsInPositionOrder()
    {
        var thread = await CreateThreadAsync();
        var items = new ChatItem[] { User("q"), Step(ItemStatus.Completed), Assistant(), Ask(ItemStatus.Answered) };
        await AddItemsAsync(thread.Id, items);

        AssertSameItems(items, await Store.GetItemsAsync(thread.Id, 100, Ct));
        AssertSameItems(items, await Store.GetItemsAsync(thread.Id, items.Length, Ct));
    }

    [Fact]
    public async Task GetItemsAsync_ItemsOfOtherThreads_AreExcluded()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        var inA = User("a");
        var inB = User("b");
        await AddItemsAsync(a.Id, inA);
        await AddItemsAsync(b.Id, inB);

        AssertSameItems([inA], await Store.GetItemsAsync(a.Id, 10, Ct));
        AssertSameItems([inB], await Store.GetItemsAsync(b.Id, 10, Ct));
    }

    [Fact]
    public async Task GetItemsAsync_UnknownThread_ReturnsEmpty()
    {
        Assert.Empty(await Store.GetItemsAsync("thr_unknown", 10, Ct));
    }

    [Fact]
    public async Task GetOpenItemsAsync_EveryStatus_ReturnsOnlyInProgressAndPendingInOrder()
    {
        var thread = await CreateThreadAsync();
        var pendingAsk = Ask(ItemStatus.Pending);
        var streaming = Assistant(ItemStatus.InProgress);
        var runningStep = Step(ItemStatus.InProgress);
        var closed = new ChatItem[]
        {
            Assistant(ItemStatus.Completed), Assistant(ItemStatus.Cancelled), Assistant(ItemStatus.Failed),
            Assistant(ItemStatus.Interrupted), Ask(ItemStatus.Answered), Ask(ItemStatus.Expired), Ask(ItemStatus.Cancelled),
        };
        await AddItemsAsync(thread.Id, [closed[0], pendingAsk, closed[1], closed[2], streaming, closed[3], closed[4], closed[5], runningStep, closed[6]]);

        AssertSameItems([pendingAsk, streaming, runningStep], await Store.GetOpenItemsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task GetOpenItemsAsync_ItemClosedByUpdate_IsNoLongerReturned()
    {
        var thread = await CreateThreadAsync();
        var streaming = Assistant(ItemStatus.InProgress);
        var ask = Ask(ItemStatus.Pending);
        await AddItemsAsync(thread.Id, streaming, ask);

        await CommitAsync(new StoreBatch { Items = [new ItemRecord(thread.Id, streaming with { Status = ItemStatus.Completed }, 1)] });

        AssertSameItems([ask], await Store.GetOpenItemsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task GetOpenItemsAsync_OtherThreadsAndUnknownThread_AreExcluded()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        await AddItemsAsync(b.Id, Assistant(ItemStatus.InProgress));

        Assert.Empty(await Store.GetOpenItemsAsync(a.Id, Ct));
        Assert.Empty(await Store.GetOpenItemsAsync("thr_unknown", Ct));
    }

    [Fact]
    public async Task GetItemAsync_ItemOfAnotherThread_ReturnsNull()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        var item = User("in A");
        await AddItemsAsync(a.Id, item);

        Assert.Null(await Store.GetItemAsync(b.Id, item.Id, Ct));
        Assert.Null(await Store.GetItemAsync("thr_unknown", item.Id, Ct));
    }

    [Fact]
    public async Task GetItemAsync_UnknownItem_ReturnsNull()
    {
        var thread = await CreateThreadAsync();

        Assert.Null(await Store.GetItemAsync(thread.Id, "itm_unknown", Ct));
    }

    [Fact]
    public async Task FindMessageByClientIdAsync_KnownClientId_ReturnsThatMessage()
    {
        var thread = await CreateThreadAsync();
        var first = User("one", clientId: "cli_1");
        var second = User("two", clientId: "cli_2");
        await AddItemsAsync(thread.Id, first, User("no key"), second);

        var found = await Store.FindMessageByClientIdAsync(thread.Id, "cli_2", Ct);

        AssertSameItem(second, found);
    }

    [Fact]
    public async Task FindMessageByClientIdAsync_MessageInAnotherThread_ReturnsNull()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        await AddItemsAsync(a.Id, User("one", clientId: "cli_1"));

        Assert.Null(await Store.FindMessageByClientIdAsync(b.Id, "cli_1", Ct));
    }

    [Fact]
    public async Task FindMessageByClientIdAsync_SameClientIdInTwoThreads_ReturnsEachThreadsMessage()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        var inA = User("in A", clientId: "cli_1");
        var inB = User("in B", clientId: "cli_1");
        await AddItemsAsync(a.Id, inA);
        await AddItemsAsync(b.Id, inB);

        AssertSameItem(inA, await Store.FindMessageByClientIdAsync(a.Id, "cli_1", Ct));
        AssertSameItem(inB, await Store.FindMessageByClientIdAsync(b.Id, "cli_1", Ct));
    }

    [Fact]
    public async Task FindMessageByClientIdAsync_UnknownClientId_ReturnsNull()
    {
        var thread = await CreateThreadAsync();
        await AddItemsAsync(thread.Id, User("one", clientId: "cli_1"));

        Assert.Null(await Store.FindMessageByClientIdAsync(thread.Id, "cli_2", Ct));
        Assert.Null(await Store.FindMessageByClientIdAsync("thr_unknown", "cli_1", Ct));
    }

    [Fact]
    public async Task FindMessageByClientIdAsync_AnsweredAskWithThatClientId_ReturnsNull()
    {
        var thread = await CreateThreadAsync();
        var ask = Ask(ItemStatus.Answered) with { Answer = new AskAnswer { Content = "42", ClientId = "cli_1", AnsweredAt = T0 } };
        await AddItemsAsync(thread.Id, ask);

        Assert.Null(await Store.FindMessageByClientIdAsync(thread.Id, "cli_1", Ct));
    }

    [Fact]
    public async Task FindMessageByClientIdAsync_RemovedMessage_ReturnsNull()
    {
        var thread = await CreateThreadAsync();
        var message = User("one", clientId: "cli_1");
        await AddItemsAsync(thread.Id, message);

        await CommitAsync(new StoreBatch { RemovedItemIds = [message.Id] });

        Assert.Null(await Store.FindMessageByClientIdAsync(thread.Id, "cli_1", Ct));
    }
}
