using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class LifecycleTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromHours(1);

    [Fact]
    public async Task Disconnect_FiresOnDisconnectAndNotOnChatEnd()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await RuntimeHarness.StartAsync(time: clock);
        var (_, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        await events.DisposeAsync();
        await harness.Script.Hooks.WaitForAsync("Disconnect");
        await Task.Delay(50);

        Assert.Equal(1, harness.Script.Hooks.Count("Connect"));
        Assert.DoesNotContain(harness.Script.Hooks.Calls, c => c.StartsWith("ChatEnd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconnect_FiresOnConnectAndNotChatStartOrResume()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await RuntimeHarness.StartAsync(time: clock);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await events.DisposeAsync();
        await harness.Script.Hooks.WaitForAsync("Disconnect");

        clock.Advance(TimeSpan.FromMinutes(5));
        await using var again = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, events.Replica.LastSeq, CancellationToken.None));
        await harness.Script.Hooks.WaitForAsync("Connect", 2);
        await Task.Delay(50);

        Assert.Equal(1, harness.Script.Hooks.Count("ChatStart"));
        Assert.Equal(0, harness.Script.Hooks.Count("ChatResume"));
        Assert.Empty(again.Events.OfType<RunStartedEvent>());
    }

    [Fact]
    public async Task IdleTimeout_AfterLastDisconnect_FiresOnChatEndOnce()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await RuntimeHarness.StartAsync(time: clock);
        var (_, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await events.DisposeAsync();
        await harness.Script.Hooks.WaitForAsync("Disconnect");

        clock.Advance(Idle - TimeSpan.FromMinutes(1));
        await Task.Delay(50);
        Assert.Equal(0, harness.Script.Hooks.Count("ChatEnd:IdleTimeout"));

        clock.Advance(TimeSpan.FromMinutes(2));
        await harness.Script.Hooks.WaitForAsync("ChatEnd:IdleTimeout");
        clock.Advance(Idle * 3);
        await Task.Delay(50);

        Assert.Equal(1, harness.Script.Hooks.Count("ChatEnd:IdleTimeout"));
    }

    [Fact]
    public async Task IdleTimeout_WhileConnected_NeverFires()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await RuntimeHarness.StartAsync(time: clock);
        var (_, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        clock.Advance(Idle * 5);
        await Task.Delay(50);

        Assert.DoesNotContain(harness.Script.Hooks.Calls, c => c.StartsWith("ChatEnd", StringComparison.Ordinal));
        Assert.False(events.Ended);
    }

    [Fact]
    public async Task IdleTimeout_CountsFromLastConnectionClosing()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await RuntimeHarness.StartAsync(time: clock);
        var (threadId, first) = await harness.NewThreadAsync();
        await first.WaitForRunFinishedAsync(1);
        var second = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        await harness.Script.Hooks.WaitForAsync("Connect", 2);

        await first.DisposeAsync();
        clock.Advance(TimeSpan.FromMinutes(50));
        await second.DisposeAsync();
        await harness.Script.Hooks.WaitForAsync("Disconnect", 2);
        clock.Advance(TimeSpan.FromMinutes(50));
        await Task.Delay(50);
        Assert.Equal(0, harness.Script.Hooks.Count("ChatEnd:IdleTimeout"));

        clock.Advance(TimeSpan.FromMinutes(11));
        await harness.Script.Hooks.WaitForAsync("ChatEnd:IdleTimeout");
    }

    [Fact]
    public async Task IdleTimeout_WhileRunActive_WaitsForTheRunToFinish()
    {
        var clock = new ManualTimeProvider();
        var release = new TaskCompletionSource();
        var script = new AppScript { Message = async (chat, _) => await release.Task };
        await using var harness = await RuntimeHarness.StartAsync(script, time: clock);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await harness.SendAsync(threadId, "long job");
        await script.Hooks.WaitForAsync("Message");
        await events.DisposeAsync();
        await script.Hooks.WaitForAsync("Disconnect");

        clock.Advance(Idle * 2);
        await Task.Delay(50);
        Assert.Equal(0, script.Hooks.Count("ChatEnd:IdleTimeout"));

        // The idle timer starts only once the run has finished.
        var timers = clock.ActiveTimers;
        release.SetResult();
        await WaitUntilAsync(() => clock.ActiveTimers > timers);
        clock.Advance(Idle);
        await script.Hooks.WaitForAsync("ChatEnd:IdleTimeout");
    }

    [Fact]
    public async Task Subscribe_AfterSessionEnded_FiresOnChatResumeWithSessionValues()
    {
        var clock = new ManualTimeProvider();
        string? seen = null;
        var script = new AppScript
        {
            ChatStart = chat =>
            {
                chat.Session.Set("name", "Ada");
                return Task.CompletedTask;
            },
            ChatResume = chat =>
            {
                seen = chat.Session.Get<string>("name");
                return chat.SayAsync($"Welcome back, {seen}.");
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, time: clock);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await events.DisposeAsync();
        await script.Hooks.WaitForAsync("Disconnect");
        clock.Advance(Idle + TimeSpan.FromSeconds(1));
        await script.Hooks.WaitForAsync("ChatEnd:IdleTimeout");

        await using var reopened = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, events.Replica.LastSeq, CancellationToken.None));
        await reopened.WaitForRunFinishedAsync(1);

        Assert.Equal("Ada", seen);
        Assert.Equal(1, script.Hooks.Count("ChatStart"));
        Assert.Equal(1, script.Hooks.Count("ChatResume"));
        Assert.Equal(RunTrigger.ChatResume, reopened.Events.OfType<RunStartedEvent>().Single().Trigger);
    }

    [Fact]
    public async Task EndSessionAsync_DuringRun_CancelsRunClosesConnectionsAndFiresOnChatEndOnce()
    {
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                var reply = await chat.BeginMessageAsync();
                await reply.AppendAsync("partial");
                await Task.Delay(Timeout.Infinite, chat.Aborted);
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any());

        await harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        await harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);

        await WaitUntilAsync(() => events.Ended);
        Assert.Equal(1, script.Hooks.Count("ChatEnd:UserEnded"));
        Assert.Equal(0, script.Hooks.Count("StreamCancelled"));
        Assert.Equal(RunStatus.Cancelled, events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId).Status);
        Assert.Equal(("partial", ItemStatus.Cancelled), events.Replica.Items.OfType<AssistantMessage>().Select(m => (m.Content, m.Status)).Single());
        var calls = script.Hooks.Calls;
        Assert.True(calls.ToList().IndexOf("Disconnect") < calls.ToList().IndexOf("ChatEnd:UserEnded"), string.Join(",", calls));
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task DeleteThreadAsync_EndsSessionAndThreadIsGone()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        await harness.Runtime.DeleteThreadAsync(harness.User, threadId, CancellationToken.None);

        Assert.Equal(1, harness.Script.Hooks.Count("ChatEnd:Deleted"));
        var gone = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None));
        Assert.Equal(ChatErrorCodes.ThreadNotFound, gone.Code);
        var noSubscribe = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        Assert.Equal(ChatErrorCodes.ThreadNotFound, noSubscribe.Code);
        Assert.Empty((await harness.Runtime.ListThreadsAsync(harness.User, 20, null, null, CancellationToken.None)).Threads);
        await WaitUntilAsync(() => events.Ended);
    }

    [Fact]
    public async Task Shutdown_DuringRun_InterruptsVisiblyAndQueuedRunsSurvive()
    {
        var store = new Parley.Storage.InMemoryChatStore();
        var script = new AppScript
        {
            Message = async (chat, m) =>
            {
                if (m.Content == "slow")
                {
                    var reply = await chat.BeginMessageAsync();
                    await reply.AppendAsync("half");
                    await Task.Delay(Timeout.Infinite, chat.Aborted);
                }

                await chat.SayAsync("handled " + m.Content);
            },
        };
        string threadId;
        string slowRun;
        await using (var first = await RuntimeHarness.StartAsync(script, store))
        {
            var (id, events) = await first.NewThreadAsync();
            threadId = id;
            slowRun = (await first.SendAsync(threadId, "slow")).RunId;
            await first.SendAsync(threadId, "queued");
            await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any());

            await first.StopAsync();

            await WaitUntilAsync(() => events.Ended);
            Assert.Equal(1, script.Hooks.Count("ChatEnd:ServerShutdown"));
            var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == slowRun);
            Assert.Equal((RunStatus.Interrupted, ChatErrorCodes.Interrupted), (finished.Status, finished.Error?.Code));
            Assert.Contains(events.Replica.Items.OfType<ErrorItem>(), e => e.RunId == slowRun && e.AllowRetry);
            Assert.Equal(ItemStatus.Interrupted, events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == slowRun).Status);
            ProtocolAssert.Invariants(events.Replica);
        }

        await using var second = await RuntimeHarness.StartAsync(script, store);
        await using var resumed = new EventCollector(await second.Runtime.SubscribeAsync(second.User, threadId, 0, CancellationToken.None));
        await resumed.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "handled queued" }));
        ProtocolAssert.Invariants(resumed.Replica);
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
}
