using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class StopTests
{
    private static AppScript Streaming(int chunks = 10_000) => new()
    {
        Message = async (chat, message) =>
        {
            await using var step = await chat.BeginStepAsync("thinking", StepKind.Llm, input: message.Content);
            var reply = await chat.BeginMessageAsync();
            for (var i = 0; i < chunks; i++)
            {
                await reply.AppendAsync($"w{i} ");
                await Task.Delay(2, chat.Aborted);
            }

            await reply.CompleteAsync();
        },
    };

    [Fact]
    public async Task StopAsync_MidStream_KeepsPartialTextCancelledAndAddsHiddenNote()
    {
        var script = Streaming();
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() >= 20);

        var stop = await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(StopResult.Cancelling, stop.Status);
        Assert.Equal(accepted.RunId, stop.RunId);
        var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        Assert.Equal(RunStatus.Cancelled, finished.Status);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);
        Assert.Equal(ItemStatus.Cancelled, reply.Status);
        Assert.StartsWith("w0 w1 w2 ", reply.Content, StringComparison.Ordinal);
        var step = events.Replica.Items.OfType<StepItem>().Single();
        Assert.Equal(ItemStatus.Cancelled, step.Status);
        Assert.NotNull(step.EndedAt);
        var note = events.Replica.Items.OfType<HiddenContextItem>().Single();
        Assert.Equal(StreamCancelledContext.StoppedNote, note.Content);
        Assert.Equal(1, script.Hooks.Count("StreamCancelled"));
        Assert.Equal(1, script.Hooks.Count("Stop"));
        ProtocolAssert.AllRunsFinished(events.Replica);

        // The stored snapshot agrees with what the subscriber saw.
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.Equal(reply.Content, view.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId).Content);
    }

    [Fact]
    public async Task StopAsync_Twice_IsIdempotentWithOneRunFinished()
    {
        await using var harness = await RuntimeHarness.StartAsync(Streaming());
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any());

        var first = await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        var second = await harness.Runtime.StopAsync(harness.User, threadId, accepted.RunId, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        var third = await harness.Runtime.StopAsync(harness.User, threadId, accepted.RunId, CancellationToken.None);
        var fourth = await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);

        Assert.Equal(StopResult.Cancelling, first.Status);
        Assert.Contains(second.Status, new[] { StopResult.Cancelling, "cancelled" });
        Assert.Equal("cancelled", third.Status);
        Assert.Equal(("cancelled", accepted.RunId), (fourth.Status, fourth.RunId));
        await Task.Delay(100);
        Assert.Single(events.Events.OfType<RunFinishedEvent>(), f => f.RunId == accepted.RunId);
    }

    [Fact]
    public async Task StopAsync_RunNotCancellable_RefusedWith409CodeAndRunContinues()
    {
        var script = Streaming(chunks: 50);
        script.RunOptions = run => new RunOptions { AllowCancel = run.Trigger != RunTrigger.Message };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any());

        var refused = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(ChatErrorCodes.RunNotCancellable, refused.Code);
        Assert.False(events.Events.OfType<RunStartedEvent>().Single(e => e.RunId == accepted.RunId).AllowCancel);
        Assert.Equal(RunStatus.Completed, events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId).Status);
    }

    [Fact]
    public async Task StopAsync_HandlerIgnoresCancellation_RunFinishesAfterGracePeriod()
    {
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                await chat.SayAsync("working");
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, options: o => o.StopGracePeriod = TimeSpan.FromMilliseconds(200));
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "working" }));

        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        var all = await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(RunStatus.Cancelled, all.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId).Status);
        ProtocolAssert.AllRunsFinished(events.Replica);

        // The thread stays usable.
        script.Message = (chat, _) => chat.SayAsync("fine");
        await harness.SendAsync(threadId, "again");
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "fine" }));
    }

    [Fact]
    public async Task OnStreamCancelledAsync_Throws_PendingItemsStillCancelled()
    {
        var script = Streaming();
        script.StreamCancelled = _ => throw new InvalidOperationException("hook bug");
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 3);

        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(ItemStatus.Cancelled, events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId).Status);
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task OnStreamCancelledAsync_RemovesPartialReply_ItemGoneAndRunCancelled()
    {
        var script = Streaming();
        script.StreamCancelled = async context =>
        {
            foreach (var item in context.PendingItems.OfType<AssistantMessage>())
            {
                await context.RemoveAsync(item);
            }
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 3);

        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.DoesNotContain(events.Replica.Items, i => i is AssistantMessage && i.RunId == accepted.RunId);
        Assert.Equal(ItemStatus.Cancelled, events.Replica.Items.OfType<StepItem>().Single().Status);
        Assert.Empty(events.Replica.Items.OfType<HiddenContextItem>());
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task StopAsync_UnknownRun_Is404Code()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var refused = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.StopAsync(harness.User, threadId, "run_doesnotexist", CancellationToken.None));

        Assert.Equal(ChatErrorCodes.RunNotFound, refused.Code);
    }
}
