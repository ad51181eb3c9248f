using System.Globalization;
using Parley.Storage;

namespace Parley.StoreConformance;

// Readers running while the writer commits see whole batches or nothing of them.
public abstract partial class ChatStoreConformanceTests
{
    private const int ConcurrentBatches = 120;
    private const int EventsPerBatch = 20;
    private const string CounterItemId = "itm_counter";

    [Fact]
    public async Task CommitAsync_ConcurrentReaders_NeverSeeAPartialBatch()
    {
        var thread = await CreateThreadAsync(name: "batch 0");
        var run = NewRun(thread.Id, RunStatus.Running, clientId: "batch 0");
        await AddRunsAsync(run);
        using var done = new CancellationTokenSource();

        var writer = Task.Run(async () =>
        {
            try
            {
                for (var b = 1; b <= ConcurrentBatches; b++)
                {
                    await CommitAsync(WholeBatch(thread, run, b));
                }
            }
            finally
            {
                await done.CancelAsync();
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ReadUntilDoneAsync(thread.Id, done.Token))).ToList();
        await writer;
        var reads = await Task.WhenAll(readers);

        Assert.All(reads, count => Assert.True(count > 0));
        await AssertBatchesVisibleAsync(thread.Id, ConcurrentBatches);
    }

    // Batch b appends EventsPerBatch events, adds one item, rewrites the counter item, the run and the
    // thread name, so every part of the batch tells a reader how many batches it can see.
    private StoreBatch WholeBatch(ThreadRecord thread, RunRecord run, int b)
    {
        var first = ((b - 1) * EventsPerBatch) + 1;
        var text = b.ToString(CultureInfo.InvariantCulture);
        var added = User(text, id: "itm_b" + b.ToString("D4", CultureInfo.InvariantCulture));
        var counter = Assistant(ItemStatus.InProgress, text, CounterItemId);
        var events = new List<StoredEvent> { Added(thread.Id, first, added) };
        events.AddRange(Deltas(thread.Id, first + 1, EventsPerBatch - 1));
        return new StoreBatch
        {
            Events = events,
            Items = [new ItemRecord(thread.Id, counter, 0), new ItemRecord(thread.Id, added, first)],
            Runs = [run with { ClientId = "batch " + text }],
            Threads = [thread with { Name = "batch " + text, UpdatedAt = T0.AddMilliseconds(b) }],
        };
    }

    private async Task<int> ReadUntilDoneAsync(string threadId, CancellationToken done)
    {
        var reads = 0;
        long lastSeen = 0;
        do
        {
            var seen = await AssertBatchesVisibleAsync(threadId, maxBatches: ConcurrentBatches);
            Assert.True(seen * EventsPerBatch >= lastSeen, "A reader saw the log shrink.");
            lastSeen = seen * EventsPerBatch;
            reads++;
        }
        while (!done.IsCancellationRequested);

        return reads;
    }

    // Checks that each read agrees with itself on a whole number of batches; returns that number.
    private async Task<int> AssertBatchesVisibleAsync(string threadId, int maxBatches)
    {
        var snapshot = await Store.GetSnapshotAsync(threadId, Ct);
        Assert.NotNull(snapshot);
        Assert.Equal(0, snapshot.LastSeq % EventsPerBatch);
        var n = (int)(snapshot.LastSeq / EventsPerBatch);
        Assert.InRange(n, 0, maxBatches);
        var text = n.ToString(CultureInfo.InvariantCulture);
        Assert.Equal("batch " + text, snapshot.Thread.Name);
        Assert.Equal("batch " + text, snapshot.ActiveRun?.ClientId);
        Assert.Equal(n == 0 ? 0 : n + 1, snapshot.Items.Count);
        if (n > 0)
        {
            Assert.Equal(CounterItemId, snapshot.Items[0].Id);
            Assert.Equal(text, ((AssistantMessage)snapshot.Items[0]).Content);
            Assert.Equal(text, ((UserMessage)snapshot.Items[^1]).Content);
        }

        var events = await ReadAllEventsAsync(threadId);
        Assert.Equal(0, events.Count % EventsPerBatch);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

        var items = await Store.GetItemsAsync(threadId, int.MaxValue, Ct);
        if (items.Count > 0)
        {
            Assert.Equal((items.Count - 1).ToString(CultureInfo.InvariantCulture), ((AssistantMessage)items[0]).Content);
        }

        var lastSeq = await Store.GetLastSeqAsync(threadId, Ct);
        Assert.Equal(0, lastSeq % EventsPerBatch);
        return n;
    }
}
