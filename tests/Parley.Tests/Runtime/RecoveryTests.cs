using Parley.Storage;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class RecoveryTests
{
    [Fact]
    public async Task StartAsync_AfterCrashMidStream_InterruptsRunKeepsTextExpiresAsksAndThreadWorks()
    {
        var data = new InMemoryChatStore();
        var severable = new SeverableChatStore(data);
        var script = new AppScript
        {
            Message = async (chat, m) =>
            {
                if (m.Content == "ask")
                {
                    await chat.AskAsync("Sure?");
                    return;
                }

                await using var step = await chat.BeginStepAsync("generate", StepKind.Llm);
                var reply = await chat.BeginMessageAsync();
                for (var i = 0; ; i++)
                {
                    await reply.AppendAsync($"w{i} ");
                    await Task.Delay(1, chat.Aborted);
                }
            },
        };

        var crashed = await RuntimeHarness.StartAsync(script, severable);
        var (threadId, events) = await crashed.NewThreadAsync();
        var streaming = await crashed.SendAsync(threadId, "stream");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 30);
        severable.Sever();
        var seenByClient = events.Replica.Items.OfType<AssistantMessage>().Single().Content;
        var lastSeqSeen = events.Replica.LastSeq;

        // A new process on the same data; the dead one is never stopped gracefully.
        await using var restarted = await RuntimeHarness.StartAsync(new AppScript { Message = (chat, _) => chat.SayAsync("back") }, data);
        var view = await restarted.Runtime.GetThreadAsync(restarted.User, threadId, CancellationToken.None);

        Assert.Null(view.ActiveRun);
        var reply = view.Items.OfType<AssistantMessage>().Single();
        Assert.Equal(ItemStatus.Interrupted, reply.Status);
        Assert.StartsWith(seenByClient, reply.Content, StringComparison.Ordinal);
        Assert.Equal(ItemStatus.Interrupted, view.Items.OfType<StepItem>().Single().Status);
        var error = view.Items.OfType<ErrorItem>().Single();
        Assert.Equal((ChatErrorCodes.Interrupted, true, streaming.RunId), (error.Code, error.AllowRetry, error.RunId));
        Assert.DoesNotContain(view.Items, i => i.Status.IsOpen());
        Assert.True(view.LastSeq > lastSeqSeen);

        // Every event the client saw is still there with the same seq: replaying from what it had converges.
        var replica = events.Replica;
        await using var resumed = new EventCollector(await restarted.Runtime.SubscribeAsync(restarted.User, threadId, lastSeqSeen, CancellationToken.None), replica);
        await resumed.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == streaming.RunId));
        Assert.Equal(RunStatus.Interrupted, replica.RunsFinished[streaming.RunId].Status);
        var accepted = await restarted.SendAsync(threadId, "hello again");
        await resumed.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        Assert.Contains(replica.Items.OfType<AssistantMessage>(), m => m.Content == "back");
        ProtocolAssert.AllRunsFinished(replica);
        await events.DisposeAsync();
        await crashed.KillAsync();
    }

    [Fact]
    public async Task StartAsync_AfterCrashWhileAsking_AskExpiresVisibly()
    {
        var data = new InMemoryChatStore();
        var severable = new SeverableChatStore(data);
        var crashed = await RuntimeHarness.StartAsync(new AppScript { Message = async (chat, _) => await chat.AskAsync("Your name?") }, severable);
        var (threadId, events) = await crashed.NewThreadAsync();
        await crashed.SendAsync(threadId, "start");
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem));
        severable.Sever();

        await using var restarted = await RuntimeHarness.StartAsync(store: data);
        var view = await restarted.Runtime.GetThreadAsync(restarted.User, threadId, CancellationToken.None);

        var ask = view.Items.OfType<AskItem>().Single();
        Assert.Equal((ItemStatus.Expired, AskExpiredReason.Restarted), (ask.Status, ask.ExpiredReason));
        Assert.Single(view.Items.OfType<ErrorItem>());
        await events.DisposeAsync();
        await crashed.KillAsync();
    }
}
