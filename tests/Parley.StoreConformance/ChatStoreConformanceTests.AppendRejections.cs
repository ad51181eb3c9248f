using System.Globalization;
using Parley.Storage;

namespace Parley.StoreConformance;

// An invalid item text append rejects its whole batch, and a snapshot never pairs appended text with
// another batch's last seq.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_AppendToUnknownItem_RejectsWholeBatch()
    {
        await AssertAppendRejectedAsync(f => [Append(f.A.Id, "itm_unknown", 0, "x")]);
    }

    [Fact]
    public async Task CommitAsync_AppendToItemOfAnotherThread_RejectsWholeBatch()
    {
        await AssertAppendRejectedAsync(f => [Append(f.B.Id, f.Reply.Id, 3, "x")]);
    }

    [Theory]
    [InlineData(false, ItemField.Output)]
    [InlineData(false, ItemField.Input)]
    [InlineData(true, ItemField.Content)]
    public async Task CommitAsync_AppendToFieldTheItemLacks_RejectsWholeBatch(bool toStep, ItemField field)
    {
        await AssertAppendRejectedAsync(f => [Append(f.A.Id, toStep ? f.Step.Id : f.Reply.Id, 0, "x", field)]);
    }

    [Fact]
    public async Task CommitAsync_AppendPastCurrentEnd_RejectsWholeBatch()
    {
        // The reply's stored text is "ab" plus an appended "c": its end is 3.
        await AssertAppendRejectedAsync(f => [Append(f.A.Id, f.Reply.Id, 4, "x")]);
    }

    [Fact]
    public async Task CommitAsync_AppendPastEndLeftByEarlierAppendOfBatch_RejectsWholeBatch()
    {
        // The second append cuts the text to 2 characters, so the third starts past the end.
        await AssertAppendRejectedAsync(f =>
            [Append(f.A.Id, f.Reply.Id, 3, "d"), Append(f.A.Id, f.Reply.Id, 1, "X"), Append(f.A.Id, f.Reply.Id, 3, "Y")]);
    }

    [Fact]
    public async Task CommitAsync_AppendAtNegativeOffset_RejectsWholeBatch()
    {
        await AssertAppendRejectedAsync(f => [Append(f.A.Id, f.Reply.Id, -1, "x")]);
    }

    [Fact]
    public async Task CommitAsync_AppendToItemUpsertedInSameBatch_RejectsWholeBatch()
    {
        await AssertAppendRejectedAsync(
            f => [Append(f.A.Id, f.Reply.Id, 3, "x")],
            f => [new ItemRecord(f.A.Id, f.Reply with { Content = "replaced" }, 2)]);
    }

    [Fact]
    public async Task CommitAsync_AppendToItemRemovedEarlier_RejectsWholeBatch()
    {
        await AssertAppendRejectedAsync(f => [Append(f.A.Id, f.Removed.Id, 0, "x")]);
    }

    [Fact]
    public async Task GetSnapshotAsync_ConcurrentCommitsThatAppend_TextAlwaysMatchesLastSeq()
    {
        const int Batches = 200;
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "");
        await AddItemsAsync(thread.Id, reply);
        using var done = new CancellationTokenSource();

        // Batch k (seq k + 1) appends "k,": a snapshot with last seq L must hold exactly "1,...,(L-1),".
        var writer = Task.Run(async () =>
        {
            try
            {
                var length = 0;
                for (var k = 1; k <= Batches; k++)
                {
                    var text = Entry(k);
                    await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, k + 1, reply.Id, text)], ItemAppends = [Append(thread.Id, reply.Id, length, text)] });
                    length += text.Length;
                }
            }
            finally
            {
                await done.CancelAsync();
            }
        });
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            var lastCount = 0;
            do
            {
                var snapshot = await Store.GetSnapshotAsync(thread.Id, Ct);
                Assert.NotNull(snapshot);
                var count = (int)snapshot.LastSeq - 1;
                Assert.Equal(Entries(count), ((AssistantMessage)Assert.Single(snapshot.Items)).Content);
                Assert.True(count >= lastCount, "A reader saw the log shrink.");

                // Item reads have no seq to check against, but must hold a whole number of batches.
                var item = (AssistantMessage?)await Store.GetItemAsync(thread.Id, reply.Id, Ct);
                var entries = item!.Content.Split(',', StringSplitOptions.RemoveEmptyEntries).Length;
                Assert.InRange(entries, count, Batches);
                Assert.Equal(Entries(entries), item.Content);
                lastCount = count;
                reads++;
            }
            while (!done.IsCancellationRequested);

            return reads;
        })).ToList();

        await writer;
        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));
        var final = await Store.GetSnapshotAsync(thread.Id, Ct);
        Assert.Equal(Entries(Batches), ((AssistantMessage)Assert.Single(final!.Items)).Content);

        static string Entry(int k) => k.ToString(CultureInfo.InvariantCulture) + ",";
        static string Entries(int count) => string.Concat(Enumerable.Range(1, count).Select(Entry));
    }

    // Builds the fixture, commits a batch whose appends come from `appends` after valid work of every
    // kind (so a store applying row by row must undo it), and checks that nothing of it was stored and
    // that the store still accepts the batch's valid part.
    private async Task AssertAppendRejectedAsync(Func<AppendFixture, ItemTextAppend[]> appends, Func<AppendFixture, ItemRecord[]>? items = null)
    {
        var f = await CreateAppendFixtureAsync();
        var newItem = User("new in A");
        var newRun = NewRun(f.A.Id);
        var valid = Append(f.B.Id, f.Other.Id, 1, "y");
        var bad = new StoreBatch
        {
            Events = [Delta(f.A.Id, 5, f.Reply.Id), Delta(f.B.Id, 2, f.Other.Id), Added(f.A.Id, 6, newItem)],
            Items = [new ItemRecord(f.A.Id, newItem, 6), .. items?.Invoke(f) ?? []],
            ItemAppends = [valid, .. appends(f)],
            Runs = [newRun],
            Threads = [f.A with { Name = "renamed" }],
        };

        var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(bad));

        Assert.False(ex.IsTransient);
        Assert.Equal(4, await Store.GetLastSeqAsync(f.A.Id, Ct));
        Assert.Equal(1, await Store.GetLastSeqAsync(f.B.Id, Ct));
        await AssertItemReadsAsync(f.A.Id, f.Reply with { Content = "abc" });
        await AssertItemReadsAsync(f.A.Id, f.Step);
        await AssertItemReadsAsync(f.B.Id, f.Other);
        Assert.Null(await Store.GetItemAsync(f.A.Id, newItem.Id, Ct));
        Assert.Null(await Store.GetItemAsync(f.A.Id, f.Removed.Id, Ct));
        Assert.Null(await Store.GetRunAsync(newRun.Id, Ct));
        AssertSameThread(f.A, await Store.GetThreadAsync(f.A.Id, Ct));
        var snapshot = await Store.GetSnapshotAsync(f.A.Id, Ct);
        Assert.Equal(4, snapshot!.LastSeq);
        AssertSameItems([f.Reply with { Content = "abc" }, f.Step], snapshot.Items);

        // The rejected batch left no trace, not even in what a store may remember about the reply.
        await CommitAsync(bad with { Items = [new ItemRecord(f.A.Id, newItem, 6)], ItemAppends = [valid, Append(f.A.Id, f.Reply.Id, 3, "z")] });
        await AssertItemReadsAsync(f.B.Id, f.Other with { Content = "xy" });
        await AssertItemReadsAsync(f.A.Id, f.Reply with { Content = "abcz" });
    }

    // Thread A: reply "ab" with "c" appended (end 3), a step with input "in", an item added then
    // removed, last seq 4. Thread B: other "x", last seq 1.
    private async Task<AppendFixture> CreateAppendFixtureAsync()
    {
        var a = await CreateThreadAsync(name: "A");
        var b = await CreateThreadAsync(name: "B");
        var reply = Assistant(ItemStatus.InProgress, "ab");
        var step = Step() with { Input = "in" };
        var removed = Assistant(ItemStatus.InProgress, "gone");
        var other = Assistant(ItemStatus.InProgress, "x");
        await AddItemsAsync(a.Id, reply, step, removed);
        await AddItemsAsync(b.Id, other);
        await CommitAsync(new StoreBatch { Events = [Delta(a.Id, 4, reply.Id)], ItemAppends = [Append(a.Id, reply.Id, 2, "c")], RemovedItemIds = [removed.Id] });
        return new AppendFixture(a, b, reply, step, removed, other);
    }

    /// <summary>The stored state the append rejection tests start from.</summary>
    /// <param name="A">A thread holding <paramref name="Reply"/> and <paramref name="Step"/>.</param>
    /// <param name="B">Another thread, holding <paramref name="Other"/>.</param>
    /// <param name="Reply">An assistant message whose stored text is "ab" with "c" appended.</param>
    /// <param name="Step">A step with input "in" and no output.</param>
    /// <param name="Removed">An item of A removed by an earlier batch.</param>
    /// <param name="Other">An assistant message "x" in B.</param>
    protected sealed record AppendFixture(
        ThreadRecord A, ThreadRecord B, AssistantMessage Reply, StepItem Step, AssistantMessage Removed, AssistantMessage Other);
}
