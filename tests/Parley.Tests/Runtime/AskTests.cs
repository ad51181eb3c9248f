using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class AskTests
{
    private static AppScript Interview(TimeSpan? timeout = null) => new()
    {
        Message = async (chat, _) =>
        {
            try
            {
                var name = await chat.AskAsync("What is your name?", new AskOptions { Timeout = timeout });
                await chat.SayAsync($"Nice to meet you, {name}.");
            }
            catch (AskExpiredException)
            {
                await chat.SayAsync("No answer; let's continue later.");
            }
        },
    };

    [Fact]
    public async Task AnswerAsync_FromAnotherConnection_ReachesTheAwaitingRun()
    {
        await using var harness = await RuntimeHarness.StartAsync(Interview());
        var (threadId, first) = await harness.NewThreadAsync();
        var accepted = await harness.SendAsync(threadId, "start");
        var ask = (await first.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();
        await first.DisposeAsync();

        // A different tab, after the first one went away.
        await using var second = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        var answered = await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-1", "Ada", CancellationToken.None);
        await second.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(ItemStatus.Answered, answered.Status);
        Assert.Equal("Ada", answered.Answer?.Content);
        Assert.Contains(second.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "Nice to meet you, Ada.");
        Assert.Equal(ItemStatus.Answered, second.Replica.Item<AskItem>(ask.Id).Status);
        ProtocolAssert.AllRunsFinished(second.Replica);
    }

    [Fact]
    public async Task AnswerAsync_Twice_SecondIs409AndSameClientIdGetsFirstResult()
    {
        await using var harness = await RuntimeHarness.StartAsync(Interview());
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await harness.SendAsync(threadId, "start");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();

        var first = await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-1", "Ada", CancellationToken.None);
        var repeat = await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-1", "Ada", CancellationToken.None);
        var other = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-2", "Bob", CancellationToken.None));

        Assert.Equal(first.Answer, repeat.Answer);
        Assert.Equal(ChatErrorCodes.AskNotPending, other.Code);
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.Equal("Ada", view.Items.OfType<AskItem>().Single().Answer?.Content);
    }

    [Fact]
    public async Task AnswerAsync_BadInput_RefusedAndAskStaysPending()
    {
        await using var harness = await RuntimeHarness.StartAsync(Interview());
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await harness.SendAsync(threadId, "start");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();
        var userMessage = events.Replica.Items.OfType<UserMessage>().Single();

        var empty = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-1", null, CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AnswerAsync(harness.User, threadId, "itm_nope", "a-2", "x", CancellationToken.None));
        var notAsk = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AnswerAsync(harness.User, threadId, userMessage.Id, "a-3", "x", CancellationToken.None));
        var stranger = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AnswerAsync(new ChatUser { Id = "usr_other" }, threadId, ask.Id, "a-4", "x", CancellationToken.None));

        Assert.Equal(ChatErrorCodes.ValidationFailed, empty.Code);
        Assert.Equal(ChatErrorCodes.ItemNotFound, unknown.Code);
        Assert.Equal(ChatErrorCodes.ValidationFailed, notAsk.Code);
        Assert.Equal(ChatErrorCodes.ThreadNotFound, stranger.Code);
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.Equal(ItemStatus.Pending, view.Items.OfType<AskItem>().Single().Status);
        await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-5", "Ada", CancellationToken.None);
    }

    [Fact]
    public async Task AskAsync_TimeoutElapses_ExpiresVisiblyAndHandlerContinues()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await RuntimeHarness.StartAsync(Interview(TimeSpan.FromMinutes(5)), time: clock);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "start");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();

        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(5), ask.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromMinutes(5));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(ItemStatus.Expired, events.Replica.Item<AskItem>(ask.Id).Status);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "No answer; let's continue later.");
        var late = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-1", "too late", CancellationToken.None));
        Assert.Equal(ChatErrorCodes.AskNotPending, late.Code);
    }

    [Fact]
    public async Task StopAsync_WhileAsking_CancelsTheAsk()
    {
        await using var harness = await RuntimeHarness.StartAsync(Interview());
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "start");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();

        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(ItemStatus.Cancelled, events.Replica.Item<AskItem>(ask.Id).Status);
        Assert.Equal(RunStatus.Cancelled, events.Replica.RunsFinished[accepted.RunId].Status);
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task EndSession_WhileAsking_AskExpiresAndResumeSeesIt()
    {
        AskItem? seenOnResume = null;
        var script = Interview();
        script.ChatResume = chat =>
        {
            seenOnResume = chat.History.OfType<AskItem>().LastOrDefault();
            return Task.CompletedTask;
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await harness.SendAsync(threadId, "start");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();

        await harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        await using var reopened = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        await script.Hooks.WaitForAsync("ChatResume");
        await reopened.WaitForAsync(e => e.OfType<RunFinishedEvent>().Count() >= 3);

        Assert.Equal(ItemStatus.Expired, reopened.Replica.Item<AskItem>(ask.Id).Status);
        Assert.Equal(ask.Id, seenOnResume?.Id);
        Assert.Equal(ItemStatus.Expired, seenOnResume?.Status);
    }
}
