using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class RunQueueTests
{
    [Fact]
    public async Task PostMessageAsync_DuringRun_QueuesAndRunsInArrivalOrder()
    {
        var release = new TaskCompletionSource();
        var handled = new List<string>();
        var script = new AppScript
        {
            Message = async (chat, message) =>
            {
                lock (handled)
                {
                    handled.Add(message.Content);
                }

                if (message.Content == "first")
                {
                    await release.Task;
                }

                await chat.SayAsync("re: " + message.Content);
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        var first = await harness.SendAsync(threadId, "first");
        await script.Hooks.WaitForAsync("Message");
        var second = await harness.SendAsync(threadId, "second");
        var third = await harness.SendAsync(threadId, "third");
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        release.SetResult();
        await events.WaitForRunFinishedAsync(4);

        Assert.False(first.Queued);
        Assert.True(second.Queued);
        Assert.True(third.Queued);
        Assert.Equal([second.RunId, third.RunId], view.Queued.Select(q => q.RunId));
        Assert.Equal(first.RunId, view.ActiveRun?.RunId);
        Assert.Equal(["first", "second", "third"], handled);
        var starts = events.Events.OfType<RunStartedEvent>().Select(e => e.RunId).ToList();
        Assert.Equal([first.RunId, second.RunId, third.RunId], starts.Skip(1));
        Assert.Equal(["re: first", "re: second", "re: third"], events.Replica.Items.OfType<AssistantMessage>().Select(m => m.Content));
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task PostMessageAsync_SameClientId_ReturnsFirstResultAndRunsOnce()
    {
        var script = new AppScript { Message = (chat, m) => chat.SayAsync("ok") };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var first = await harness.Runtime.PostMessageAsync(harness.User, threadId, "c-1", "hello", null, CancellationToken.None);
        var again = await harness.Runtime.PostMessageAsync(harness.User, threadId, "c-1", "hello", null, CancellationToken.None);
        await events.WaitForRunFinishedAsync(2);
        await Task.Delay(50);

        Assert.Equal(first.Item.Id, again.Item.Id);
        Assert.Equal(first.RunId, again.RunId);
        Assert.Equal(1, script.Hooks.Count("Message"));
        Assert.Single(events.Replica.Items.OfType<UserMessage>());
    }

    [Fact]
    public async Task PostMessageAsync_FirstMessage_NamesTheThread()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        await harness.SendAsync(threadId, "  How do I   reset my\npassword?  ");
        await harness.SendAsync(threadId, "Second message");

        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.Equal("How do I reset my password?", view.Thread.Name);
        await events.WaitForAsync(e => e.OfType<ThreadUpdatedEvent>().Any());
    }

    [Fact]
    public async Task StartRunAsync_ServerRun_RunsHandlerWithSameEvents()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        var run = await harness.Runtime.StartRunAsync(threadId, chat => chat.SayAsync("Your report is ready."));
        var result = await run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await events.WaitForRunFinishedAsync(2);

        Assert.Equal(RunStatus.Completed, result.Status);
        var started = events.Events.OfType<RunStartedEvent>().Single(e => e.RunId == run.RunId);
        Assert.Equal(RunTrigger.Server, started.Trigger);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "Your report is ready." && m.RunId == run.RunId);
    }

    [Fact]
    public async Task StartRunAsync_HandlerThrows_FailsVisiblyWithoutRetry()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var run = await harness.Runtime.StartRunAsync(threadId, _ => throw new InvalidOperationException("secret detail"));
        var result = await run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == run.RunId));

        Assert.Equal(RunStatus.Failed, result.Status);
        var error = events.Replica.Items.OfType<ErrorItem>().Single(e => e.RunId == run.RunId);
        Assert.False(error.AllowRetry);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateThreadAsync_ServerSide_RunsChatStart()
    {
        var script = new AppScript { ChatStart = chat => chat.SayAsync("Welcome") };
        await using var harness = await RuntimeHarness.StartAsync(script);

        var thread = await harness.Runtime.CreateThreadAsync("usr_job_owner");
        await script.Hooks.WaitForAsync("ChatStart");

        var view = await harness.Runtime.GetThreadAsync(new ChatUser { Id = "usr_job_owner" }, thread.Id, CancellationToken.None);
        await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.GetThreadAsync(harness.User, thread.Id, CancellationToken.None));
        Assert.NotNull(view);
    }
}
