using Parley.Storage;

namespace Parley.StoreConformance;

// The event log: appending, reading back, the last seq, and the seq order the store enforces.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task ReadEventsAsync_AfterCommit_ReturnsEventsInSeqOrder()
    {
        var thread = await CreateThreadAsync();
        var events = Deltas(thread.Id, 1, 5);
        await CommitAsync(new StoreBatch { Events = events });

        var read = await ReadAllEventsAsync(thread.Id);

        Assert.Equal([1L, 2, 3, 4, 5], read.Select(e => e.Seq));
        Assert.All(read, e => Assert.Equal(thread.Id, e.ThreadId));
        Assert.Equal(events.Select(e => e.Json.ToArray()), read.Select(e => e.Json.ToArray()));
    }

    [Fact]
    public async Task ReadEventsAsync_AfterSeq_ReturnsOnlyLaterEvents()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 1, 10) });

        var read = await Store.ReadEventsAsync(thread.Id, 6, 100, Ct);

        Assert.Equal([7L, 8, 9, 10], read.Select(e => e.Seq));
    }

    [Fact]
    public async Task ReadEventsAsync_Limit_ReturnsFirstEventsAfterSeq()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 1, 10) });

        var read = await Store.ReadEventsAsync(thread.Id, 2, 3, Ct);

        Assert.Equal([3L, 4, 5], read.Select(e => e.Seq));
    }

    [Fact]
    public async Task ReadEventsAsync_PagingByLastSeq_ReturnsEveryEventOnceInOrder()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 1, 25) });
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 26, 12) });

        var seqs = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await Store.ReadEventsAsync(thread.Id, after, 7, Ct);
            Assert.True(page.Count <= 7);
            if (page.Count == 0)
            {
                break;
            }

            seqs.AddRange(page.Select(e => e.Seq));
            after = page[^1].Seq;
        }

        Assert.Equal(Enumerable.Range(1, 37).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task ReadEventsAsync_SeqsWithGaps_ReturnsStoredSeqsAfterAnySeq()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 3), Delta(thread.Id, 10), Delta(thread.Id, 11), Delta(thread.Id, 40)] });

        Assert.Equal([10L, 11, 40], (await Store.ReadEventsAsync(thread.Id, 5, 100, Ct)).Select(e => e.Seq));
        Assert.Equal([3L, 10], (await Store.ReadEventsAsync(thread.Id, 0, 2, Ct)).Select(e => e.Seq));
        Assert.Equal([40L], (await Store.ReadEventsAsync(thread.Id, 11, 100, Ct)).Select(e => e.Seq));
        Assert.Equal(40, await Store.GetLastSeqAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task ReadEventsAsync_AfterLastSeq_ReturnsEmpty()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 1, 3) });

        Assert.Empty(await Store.ReadEventsAsync(thread.Id, 3, 100, Ct));
        Assert.Empty(await Store.ReadEventsAsync(thread.Id, 1000, 100, Ct));
    }

    [Fact]
    public async Task ReadEventsAsync_ThreadWithoutEvents_ReturnsEmpty()
    {
        var thread = await CreateThreadAsync();

        Assert.Empty(await Store.ReadEventsAsync(thread.Id, 0, 100, Ct));
    }

    [Fact]
    public async Task ReadEventsAsync_UnknownThread_ReturnsEmpty()
    {
        Assert.Empty(await Store.ReadEventsAsync("thr_unknown", 0, 100, Ct));
    }

    [Fact]
    public async Task CommitAsync_EventsOfTwoThreads_ReadBackPerThreadInSeqOrder()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        await CommitAsync(new StoreBatch
        {
            Events = [Delta(a.Id, 1, text: "a1"), Delta(b.Id, 1, text: "b1"), Delta(a.Id, 2, text: "a2"), Delta(b.Id, 5, text: "b5"), Delta(a.Id, 3, text: "a3")],
        });
        await CommitAsync(new StoreBatch { Events = [Delta(b.Id, 6, text: "b6"), Delta(a.Id, 4, text: "a4")] });

        var readA = await ReadAllEventsAsync(a.Id);
        var readB = await ReadAllEventsAsync(b.Id);

        Assert.Equal([1L, 2, 3, 4], readA.Select(e => e.Seq));
        Assert.Equal([1L, 5, 6], readB.Select(e => e.Seq));
        Assert.All(readA, e => Assert.Equal(a.Id, e.ThreadId));
        Assert.All(readB, e => Assert.Equal(b.Id, e.ThreadId));
        Assert.Equal(Delta(b.Id, 5, text: "b5").Json.ToArray(), readB[1].Json.ToArray());
    }

    [Fact]
    public async Task GetLastSeqAsync_AfterCommits_ReturnsHighestSeqOfThread()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = [.. Deltas(a.Id, 1, 4), .. Deltas(b.Id, 1, 9)] });
        await CommitAsync(new StoreBatch { Events = [Delta(a.Id, 7)] });

        Assert.Equal(7, await Store.GetLastSeqAsync(a.Id, Ct));
        Assert.Equal(9, await Store.GetLastSeqAsync(b.Id, Ct));
    }

    [Fact]
    public async Task GetLastSeqAsync_ThreadWithoutEvents_ReturnsZero()
    {
        var thread = await CreateThreadAsync();

        Assert.Equal(0, await Store.GetLastSeqAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task GetLastSeqAsync_UnknownThread_ReturnsZero()
    {
        Assert.Equal(0, await Store.GetLastSeqAsync("thr_unknown", Ct));
    }

    [Fact]
    public async Task CommitAsync_EventSeqEqualToStoredLastSeq_ThrowsNonTransient()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 1, 3) });

        var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 3, text: "again")] }));

        Assert.False(ex.IsTransient);
        var read = await ReadAllEventsAsync(thread.Id);
        Assert.Equal([1L, 2, 3], read.Select(e => e.Seq));
        Assert.Equal(Delta(thread.Id, 3, text: "t3").Json.ToArray(), read[2].Json.ToArray());
    }

    [Fact]
    public async Task CommitAsync_EventSeqBelowStoredLastSeq_ThrowsNonTransient()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 5), Delta(thread.Id, 8)] });

        var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 6)] }));

        Assert.False(ex.IsTransient);
        Assert.Equal([5L, 8], (await ReadAllEventsAsync(thread.Id)).Select(e => e.Seq));
        Assert.Equal(8, await Store.GetLastSeqAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task CommitAsync_SeqsOutOfOrderWithinBatch_ThrowsNonTransient()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 1)] });

        var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 4), Delta(thread.Id, 3)] }));

        Assert.False(ex.IsTransient);
        Assert.Equal([1L], (await ReadAllEventsAsync(thread.Id)).Select(e => e.Seq));
    }

    [Fact]
    public async Task CommitAsync_DuplicateSeqWithinBatch_ThrowsNonTransient()
    {
        var thread = await CreateThreadAsync();

        var ex = await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 1), Delta(thread.Id, 2), Delta(thread.Id, 2)] }));

        Assert.False(ex.IsTransient);
        Assert.Empty(await ReadAllEventsAsync(thread.Id));
        Assert.Equal(0, await Store.GetLastSeqAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task CommitAsync_SameSeqInTwoThreads_IsAccepted()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();

        await CommitAsync(new StoreBatch { Events = [Delta(a.Id, 1), Delta(b.Id, 1)] });

        Assert.Single(await ReadAllEventsAsync(a.Id));
        Assert.Single(await ReadAllEventsAsync(b.Id));
    }

    [Fact]
    public async Task CommitAsync_EmptyBatch_ChangesNothing()
    {
        var thread = await CreateThreadAsync();
        await CommitAsync(new StoreBatch { Events = Deltas(thread.Id, 1, 2) });

        await CommitAsync(new StoreBatch());

        Assert.Equal(2, await Store.GetLastSeqAsync(thread.Id, Ct));
        AssertSameThread(thread, await Store.GetThreadAsync(thread.Id, Ct));
    }
}
