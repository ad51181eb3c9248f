using System.Diagnostics;
using Parley.Runtime;
using Parley.Serialization;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class SubscriptionTests
{
    private static AppScript Stream(int chunks, int delayMs = 0) => new()
    {
        Message = async (chat, _) =>
        {
            var reply = await chat.BeginMessageAsync();
            for (var i = 0; i < chunks; i++)
            {
                await reply.AppendAsync($"t{i} ");
                if (delayMs > 0)
                {
                    await Task.Delay(delayMs, chat.Aborted);
                }
            }

            await reply.CompleteAsync();
        },
    };

    [Fact]
    public async Task SubscribeAsync_AfterSnapshotMidStream_ReplicaEqualsServerExactly()
    {
        await using var harness = await RuntimeHarness.StartAsync(Stream(300, delayMs: 1));
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 50);

        // A second client joins mid-stream from a snapshot, as the UI does.
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        await using var late = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, view.LastSeq, CancellationToken.None), ThreadReplica.FromView(view));
        await late.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var final = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        var expected = string.Concat(Enumerable.Range(0, 300).Select(i => $"t{i} "));
        Assert.Equal(expected, late.Replica.Items.OfType<AssistantMessage>().Last().Content);
        Assert.Equal(expected, events.Replica.Items.OfType<AssistantMessage>().Last().Content);
        Assert.Equal(final.LastSeq, late.Replica.LastSeq);
        ProtocolAssert.SameItems(events.Replica.Items, late.Replica.Items);
        ProtocolAssert.SameItems(final.Items, late.Replica.Items);
        ProtocolAssert.AllRunsFinished(late.Replica);
        var seqs = late.Events.OfType<ThreadEvent>().Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
    }

    [Fact]
    public async Task SubscribeAsync_AfterBeyondLog_GetsResyncAndEnds()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        await using var stale = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, 10_000, CancellationToken.None));
        await stale.WaitForAsync(e => e.OfType<ResyncEvent>().Any());
        await WaitUntilAsync(() => stale.Ended);

        Assert.Single(stale.Events);
    }

    [Fact]
    public async Task SlowSubscriber_BufferOverflows_IsDroppedWhileOthersAndTheRunProceed()
    {
        await using var harness = await RuntimeHarness.StartAsync(Stream(1000, delayMs: 1), options: o =>
        {
            o.SubscriberBufferSize = 256;
            o.Writer.MaxBatchSize = 64;
        });
        var (threadId, events, view, slow) = await OpenSubscriberAfterStartAsync(harness);
        await using var _ = events;

        var started = Stopwatch.StartNew();
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(DisconnectReason.Overflow, slow.CloseReason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(string.Concat(Enumerable.Range(0, 1000).Select(i => $"t{i} ")), events.Replica.Items.OfType<AssistantMessage>().Last().Content);

        // Read afterwards, the dropped subscription still replays from the store, then drains its
        // buffer and ends: nothing is lost.
        var replica = ThreadReplica.FromView(view);
        var drained = 0;
        while (await slow.WaitToReadAsync(CancellationToken.None))
        {
            while (slow.TryRead(out var frame))
            {
                drained++;
                replica.Apply(ParleyJson.DeserializeEvent(frame.Json.Span));
            }
        }

        Assert.True(drained > 256);
        ProtocolAssert.SameItems(events.Replica.Items, replica.Items);
        ProtocolAssert.AllRunsFinished(replica);
        await slow.DisposeAsync();
        await harness.Script.Hooks.WaitForAsync("Disconnect");
    }

    [Fact]
    public async Task SlowSubscriber_LargeEventsPastTheByteBudget_IsDroppedLongBeforeTheCountBound()
    {
        // Twelve 32 KB messages: 24 events, far under the 8,192-event bound, but 384 KB past a 128 KB budget.
        var big = new string('x', 32 * 1024);
        await using var harness = await RuntimeHarness.StartAsync(
            new AppScript
            {
                Message = async (chat, _) =>
                {
                    for (var i = 0; i < 12; i++)
                    {
                        // Apart, so the subscriber that reads drains each before the next: the budget
                        // must be larger than one burst, or it would drop a reader that keeps up too.
                        await chat.SayAsync(big);
                        await Task.Delay(25, chat.Aborted);
                    }
                },
            },
            options: o =>
            {
                o.SubscriberBufferBytes = 128 * 1024;
                o.Writer.MaxBatchSize = 64;
            });
        var (threadId, events, view, slow) = await OpenSubscriberAfterStartAsync(harness);
        await using var _ = events;

        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(DisconnectReason.Overflow, slow.CloseReason);
        Assert.Equal(12, events.Replica.Items.OfType<AssistantMessage>().Count(m => m.Content == big));

        // Read afterwards, it replays from the store and drains what it had buffered: nothing is lost.
        var replica = ThreadReplica.FromView(view);
        while (await slow.WaitToReadAsync(CancellationToken.None))
        {
            while (slow.TryRead(out var frame))
            {
                replica.Apply(ParleyJson.DeserializeEvent(frame.Json.Span));
            }
        }

        ProtocolAssert.SameItems(events.Replica.Items, replica.Items);
        await slow.DisposeAsync();
    }

    [Fact]
    public async Task TwoSubscribers_SameThread_SeeTheSameEvents()
    {
        await using var harness = await RuntimeHarness.StartAsync(Stream(200));
        var (threadId, a) = await harness.NewThreadAsync();
        await using var _ = a;
        await a.WaitForRunFinishedAsync(1);
        await using var b = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        await b.WaitForRunFinishedAsync(1);

        await harness.SendAsync(threadId, "go");
        await a.WaitForRunFinishedAsync(2);
        await b.WaitForRunFinishedAsync(2);

        Assert.Equal(a.Events.OfType<ThreadEvent>().Select(e => e.Seq), b.Events.OfType<ThreadEvent>().Select(e => e.Seq));
        ProtocolAssert.SameItems(a.Replica.Items, b.Replica.Items);
    }

    [Fact]
    public async Task KeepAlive_IdleSubscription_ReceivesKeepAliveFrame()
    {
        await using var harness = await RuntimeHarness.StartAsync(options: o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100));
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await events.DisposeAsync();
        var subscription = await harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None);
        await using var _ = subscription;

        var keepAlives = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (keepAlives < 2 && await subscription.WaitToReadAsync(timeout.Token))
        {
            while (subscription.TryRead(out var frame))
            {
                keepAlives += frame.IsKeepAlive ? 1 : 0;
            }
        }

        Assert.Equal(2, keepAlives);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }

    /// <summary>Creates a thread, waits for its chat start, then opens a second subscription from its end (never read unless the test reads it).</summary>
    private static async Task<(string ThreadId, EventCollector Events, ThreadView View, ChatSubscription Subscriber)> OpenSubscriberAfterStartAsync(RuntimeHarness harness)
    {
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        return (threadId, events, view, await harness.Runtime.SubscribeAsync(harness.User, threadId, view.LastSeq, CancellationToken.None));
    }
}
