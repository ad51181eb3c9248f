using Parley.Storage;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class FailureTests
{
    [Fact]
    public async Task Run_HandlerThrowsBeforeStreaming_FailsWithSafeErrorItem()
    {
        var script = new AppScript { Message = (_, _) => throw new InvalidOperationException("connection string=secret") };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var accepted = await harness.SendAsync(threadId, "hi");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        Assert.Equal(RunStatus.Failed, finished.Status);
        Assert.Equal(ChatErrorCodes.HandlerError, finished.Error?.Code);
        Assert.True(finished.Error?.AllowRetry);
        var error = events.Replica.Items.OfType<ErrorItem>().Single();
        Assert.Equal(accepted.RunId, error.RunId);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task Run_HandlerThrowsMidStream_KeepsPartialTextAsFailed()
    {
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                await using var step = await chat.BeginStepAsync("tool", StepKind.Tool);
                var reply = await chat.BeginMessageAsync();
                await reply.AppendAsync("partial ");
                await reply.AppendAsync("answer");
                throw new IOException("model connection reset");
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var accepted = await harness.SendAsync(threadId, "hi");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);
        Assert.Equal(("partial answer", ItemStatus.Failed), (reply.Content, reply.Status));
        Assert.Single(events.Replica.Items.OfType<ErrorItem>());
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.Equal("partial answer", view.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId).Content);
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task OnErrorAsync_Overridden_ItsErrorIsShown()
    {
        var script = new AppScript
        {
            Message = (_, _) => throw new TimeoutException(),
            Error = context => ValueTask.FromResult(new ChatError("model_timeout", "The model took too long.", AllowRetry: false)),
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var accepted = await harness.SendAsync(threadId, "hi");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var error = events.Replica.Items.OfType<ErrorItem>().Single();
        Assert.Equal(("model_timeout", "The model took too long.", false), (error.Code, error.Message, error.AllowRetry));
    }

    [Fact]
    public async Task Run_AppConstructionFails_RunFinishesFailedWithVisibleError()
    {
        var script = new AppScript();
        await using var harness = await RuntimeHarness.StartAsync(script);
        script.ThrowOnConstruct = true;
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        await events.WaitForRunFinishedAsync(1);

        var finished = events.Events.OfType<RunFinishedEvent>().Single();
        Assert.Equal((RunStatus.Failed, ChatErrorCodes.RunStartFailed), (finished.Status, finished.Error?.Code));
        Assert.Single(events.Events.OfType<RunStartedEvent>());
        Assert.Single(events.Replica.Items.OfType<ErrorItem>());
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task Run_StoreReadFailsBeforeHandler_RunFinishesWithVisibleError()
    {
        var store = new FaultyChatStore(new InMemoryChatStore());
        await using var harness = await RuntimeHarness.StartAsync(store: store);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        var failures = 1;
        store.OnRead = method => method == nameof(IChatStore.GetItemsAsync) && Interlocked.Decrement(ref failures) >= 0
            ? new ChatStoreException("disk I/O error", isTransient: true)
            : null;
        var accepted = await harness.SendAsync(threadId, "hi");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        Assert.Equal((RunStatus.Failed, ChatErrorCodes.StoreUnavailable), (finished.Status, finished.Error?.Code));
        Assert.Contains(events.Replica.Items.OfType<ErrorItem>(), e => e.RunId == accepted.RunId);
        Assert.Equal(0, harness.Script.Hooks.Count("Message"));
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task Run_StoreRejectsRunStartedCommit_StillFinishesWithVisibleError()
    {
        var store = new FaultyChatStore(new InMemoryChatStore());
        await using var harness = await RuntimeHarness.StartAsync(store: store);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        store.FailCommitsWith<RunStartedEvent>(times: 1);
        var accepted = await harness.SendAsync(threadId, "hi");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        Assert.Equal(RunStatus.Failed, finished.Status);
        Assert.Single(events.Events.OfType<RunStartedEvent>(), e => e.RunId == accepted.RunId);
        Assert.Contains(events.Replica.Items.OfType<ErrorItem>(), e => e.RunId == accepted.RunId);
        ProtocolAssert.AllRunsFinished(events.Replica);

        // The thread is usable afterwards.
        var next = await harness.SendAsync(threadId, "again");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == next.RunId && f.Status == RunStatus.Completed));
    }

    [Fact]
    public async Task Run_StoreFailsMidStream_RunFailsVisiblyAndThreadRecovers()
    {
        var store = new FaultyChatStore(new InMemoryChatStore());
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                var reply = await chat.BeginMessageAsync();
                for (var i = 0; i < 200; i++)
                {
                    await reply.AppendAsync($"{i} ");
                    await Task.Delay(1, chat.Aborted);
                }

                await reply.CompleteAsync();
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, store);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        var failing = 0;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 10);
        store.OnCommit = _ => Interlocked.Increment(ref failing) <= 3 ? new ChatStoreException("database disk image is malformed", isTransient: false) : null;
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId), TimeSpan.FromSeconds(20));

        var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        Assert.Equal(RunStatus.Failed, finished.Status);
        ProtocolAssert.AllRunsFinished(events.Replica);
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);
        Assert.Equal(reply.Content, view.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId).Content);
        Assert.Equal(ItemStatus.Failed, view.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId).Status);
    }

    [Fact]
    public async Task RetryAsync_FailedRun_HandlesSameMessageAgain()
    {
        var attempts = 0;
        var script = new AppScript
        {
            Message = async (chat, message) =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    throw new HttpRequestException("502 from the model");
                }

                await chat.SayAsync($"answer to {message.Content} ({chat.Run.Trigger})");
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "question");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        var error = events.Replica.Items.OfType<ErrorItem>().Single();

        var retry = await harness.Runtime.RetryAsync(harness.User, threadId, "retry-1", error.Id, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == retry.RunId));
        var again = await harness.Runtime.RetryAsync(harness.User, threadId, "retry-1", error.Id, CancellationToken.None);
        var twice = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.RetryAsync(harness.User, threadId, "retry-2", error.Id, CancellationToken.None));

        Assert.Equal(retry.RunId, again.RunId);
        Assert.Equal(ChatErrorCodes.RetryNotAllowed, twice.Code);
        Assert.Equal(RunTrigger.Retry, events.Events.OfType<RunStartedEvent>().Single(e => e.RunId == retry.RunId).Trigger);
        Assert.Equal(RunStatus.Completed, events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == retry.RunId).Status);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "answer to question (Retry)");
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task RetryAsync_CompletedRun_Refused()
    {
        var script = new AppScript { Message = (chat, _) => chat.SayAsync("fine") };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "q");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);

        var refused = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.RetryAsync(harness.User, threadId, "r", reply.Id, CancellationToken.None));

        Assert.Equal(ChatErrorCodes.RetryNotAllowed, refused.Code);
    }
}
