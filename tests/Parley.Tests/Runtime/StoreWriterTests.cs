using Microsoft.Extensions.Logging.Abstractions;
using Parley.Hosting;
using Parley.Runtime;
using Parley.Storage;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class StoreWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EnqueueAsync_TransientFailuresThenRecovery_EverythingCommittedInOrder()
    {
        var inner = new InMemoryChatStore();
        var store = new FaultyChatStore(inner);
        var failures = 5;
        store.OnCommit = _ => Interlocked.Decrement(ref failures) >= 0 ? new ChatStoreException("database is locked", isTransient: true) : null;
        await using var writer = NewWriter(store);
        var hub = new SubscriberHub();
        var log = new ThreadLog("thr_a", 0, [], writer, hub);

        var durable = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            durable.Add(await log.AppendAsync(Toastless(i)));
        }

        await Task.WhenAll(durable).WaitAsync(TimeSpan.FromSeconds(10));

        var stored = await inner.ReadEventsAsync("thr_a", 0, 100, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), stored.Select(e => e.Seq));
        Assert.False(log.IsFaulted);
    }

    [Fact]
    public async Task EnqueueAsync_PermanentFailure_FailsThatThreadUntilResyncAndSparesOthers()
    {
        var inner = new InMemoryChatStore();
        var store = new FaultyChatStore(inner);
        var fail = true;
        store.OnCommit = batch => fail && batch.Events.Any(e => e.ThreadId == "thr_a") ? new ChatStoreException("constraint", isTransient: false) : null;
        await using var writer = NewWriter(store);
        var log = new ThreadLog("thr_a", 0, [], writer, new SubscriberHub());
        var other = new ThreadLog("thr_b", 0, [], writer, new SubscriberHub());

        var failed = await log.AppendAsync(Toastless(1));
        await Assert.ThrowsAsync<ChatStoreException>(() => failed);
        var spared = await other.AppendAsync(Toastless(1, "thr_b"));
        await spared;

        Assert.True(log.IsFaulted);
        await Assert.ThrowsAsync<ChatStoreException>(async () => await log.AppendAsync(Toastless(2)));

        fail = false;
        await log.ResyncAsync(inner, CancellationToken.None);
        Assert.Equal(0, log.LastSeq);
        await await log.AppendAsync(Toastless(1));

        Assert.Equal([1L], (await inner.ReadEventsAsync("thr_a", 0, 10, CancellationToken.None)).Select(e => e.Seq));
        Assert.Equal([1L], (await inner.ReadEventsAsync("thr_b", 0, 10, CancellationToken.None)).Select(e => e.Seq));
    }

    [Fact]
    public async Task StopAsync_WithQueuedEntries_CommitsThemBeforeReturning()
    {
        var inner = new InMemoryChatStore();
        var writer = NewWriter(inner);
        var log = new ThreadLog("thr_a", 0, [], writer, new SubscriberHub());
        for (var i = 0; i < 100; i++)
        {
            await log.AppendAsync(Toastless(i), durable: false);
        }

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(100, await inner.GetLastSeqAsync("thr_a", CancellationToken.None));
        await Assert.ThrowsAsync<ChatStoreException>(async () => await log.AppendAsync(Toastless(101)));
        await writer.DisposeAsync();
    }

    private static StoreWriter NewWriter(IChatStore store)
    {
        var writer = new StoreWriter(store, new StoreWriterOptions { RetryTimeout = TimeSpan.FromSeconds(5) }, new ParleyMetrics(new TestMeterFactory()), NullLogger<StoreWriter>.Instance);
        writer.Start();
        return writer;
    }

    private static ThreadUpdatedEvent Toastless(int i, string threadId = "thr_a") => new()
    {
        ThreadId = threadId,
        At = At,
        Thread = new ThreadInfo { Id = threadId, Name = $"name {i}", CreatedAt = At, UpdatedAt = At },
    };
}
