using Parley.Runtime;
using Parley.Storage;
using Parley.Testing;
using Xunit.Abstractions;
using static Parley.Tests.Runtime.RuntimeTestDoubles;

namespace Parley.Tests.Runtime;

/// <summary>Store failures and writer races that once leaked a subscription, a 500, or another thread's events.</summary>
public sealed class StoreFailureRegressionTests(ITestOutputHelper output)
{
    // Regression: ConnectAsync: a store failure after Hub.Add leaks the subscription; raw store exception -> 500

    [Fact]
    public async Task Subscribe_StoreFails_StoreUnavailableAndNoSubscriptionLeft()
    {
        var store = new ControllableStore(new InMemoryChatStore());
        await using var harness = await RuntimeHarness.StartAsync(store: store);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        var host = HostOf(harness, threadId)!;
        var before = host.Hub.Count;

        store.FailLastSeq = true;
        var ex = await Record.ExceptionAsync(() => harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        store.FailLastSeq = false;

        output.WriteLine($"exception: {ex?.GetType().Name}; hub before {before}, after {host.Hub.Count}");
        Assert.IsType<ChatCommandException>(ex); // it is a raw ChatStoreException: the HTTP filter answers 500 internal_error, not 503
        Assert.Equal(before, host.Hub.Count);      // the half-opened subscription stays in the hub
    }

    [Fact]
    public async Task PostMessage_StoreReadFails_StoreUnavailable()
    {
        var store = new ControllableStore(new InMemoryChatStore());
        await using var harness = await RuntimeHarness.StartAsync(store: store);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        store.FailFindRun = true;
        var ex = await Record.ExceptionAsync(() => harness.SendAsync(threadId, "hello"));
        store.FailFindRun = false;
        output.WriteLine($"exception: {ex?.GetType().FullName}");
        var refusal = Assert.IsType<ChatCommandException>(ex);
        Assert.Equal(ChatErrorCodes.StoreUnavailable, refusal.Code);
    }

    // Regression: KeepAliveTicker.Tick re-adds subscriptions that were untracked meanwhile

    [Fact]
    public async Task KeepAliveTicker_TickRacingUntrack_LeaksNothing()
    {
        var ticker = new KeepAliveTicker(TimeSpan.FromHours(1), TimeProvider.System);
        var store = new InMemoryChatStore();
        var leaked = 0;
        for (var round = 0; round < 50 && leaked == 0; round++)
        {
            var subs = Enumerable.Range(0, 2000)
                .Select(i => new ChatSubscription("thr_x", "con_" + i, 0, 16, 1024 * 1024, store, _ => ValueTask.CompletedTask))
                .ToList();
            subs.ForEach(ticker.Track);
            using var stop = new CancellationTokenSource();
            var ticking = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    ticker.Tick();
                }
            });
            await Task.Delay(5);
            Parallel.ForEach(subs, ticker.Untrack);
            await stop.CancelAsync();
            await ticking;
            leaked = ticker.TrackedCount;
        }

        output.WriteLine($"subscriptions left tracked after all were untracked: {leaked}");
        Assert.Equal(0, leaked);
    }

    // Regression: one thread's rejected entry fails every other thread in the same group commit

    [Fact]
    public async Task StoreWriter_OneThreadsEntryRejected_OtherThreadsInTheBatchUnaffected()
    {
        var faulty = new FaultyChatStore(new InMemoryChatStore());
        string? poison = null;
        faulty.OnCommit = batch =>
            Volatile.Read(ref poison) is { } p && batch.Events.Any(e => e.ThreadId == p) && Interlocked.Exchange(ref poison, null) is not null
                ? new ChatStoreException("constraint failed (one thread's bad entry)", isTransient: false)
                : null;
        var script = new AppScript
        {
            Message = async (chat, message) =>
            {
                if (message.Content != "stream")
                {
                    await chat.SayAsync("ok");
                    return;
                }

                var reply = await chat.BeginMessageAsync();
                for (var i = 0; i < 100; i++)
                {
                    await reply.AppendAsync("x");
                    await Task.Delay(5);
                }

                await reply.CompleteAsync();
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, store: faulty, options: o => o.Writer.MaxBatchDelay = TimeSpan.FromMilliseconds(20));
        var (threadA, eventsA) = await harness.NewThreadAsync();
        var (threadB, eventsB) = await harness.NewThreadAsync();
        await using var a = eventsA;
        await using var b = eventsB;
        await eventsA.WaitForRunFinishedAsync(1);
        await eventsB.WaitForRunFinishedAsync(1);

        var streaming = await harness.SendAsync(threadB, "stream");
        await eventsB.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 10);
        Volatile.Write(ref poison, threadA);
        var refusal = await Record.ExceptionAsync(() => harness.SendAsync(threadA, "anything"));

        await eventsB.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == streaming.RunId));
        var finished = eventsB.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == streaming.RunId);
        output.WriteLine($"thread A post: {(refusal as ChatCommandException)?.Code ?? refusal?.GetType().Name}; unrelated thread B run finished {finished.Status} {finished.Error?.Code}");
        Assert.Equal(RunStatus.Completed, finished.Status);
    }

    [Fact]
    public async Task FailedDelta_CommandResyncsUnderTheHandler_RunFailsVisiblyInsteadOfLosingText()
    {
        var faulty = new FaultyChatStore(new InMemoryChatStore());
        var failed = 0;
        faulty.OnCommit = batch =>
            batch.Events.Any(e => System.Text.Encoding.UTF8.GetString(e.Json.Span).Contains("two ", StringComparison.Ordinal)) && Interlocked.Exchange(ref failed, 1) == 0
                ? new ChatStoreException("disk I/O error", isTransient: false)
                : null;
        var afterTwo = new TaskCompletionSource();
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                var reply = await chat.BeginMessageAsync();
                await reply.AppendAsync("one ");
                await Task.Delay(100);
                await reply.AppendAsync("two ");
                await afterTwo.Task;           // e.g. waiting for the next model token
                await reply.AppendAsync("three");
                await reply.CompleteAsync();
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, store: faulty);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        var accepted = await harness.SendAsync(threadId, "go");
        for (var i = 0; i < 400 && Volatile.Read(ref failed) == 0; i++)
        {
            await Task.Delay(5);
        }

        await Task.Delay(50);
        // Any command on the thread takes LockHealthyAsync, which resyncs the faulted log and clears the fault.
        await harness.Runtime.UpdateThreadAsync(harness.User, threadId, "renamed", null, CancellationToken.None);
        afterTwo.SetResult();
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);
        output.WriteLine($"run {finished.Status}; reply '{reply.Content}' ({reply.Status})");
        Assert.False(finished.Status == RunStatus.Completed && reply.Content != "one two three", "the reply completed with text silently missing");
    }
}
