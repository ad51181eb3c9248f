using Parley.Testing;

namespace Parley.Tests.Settings;

public sealed class FeedbackHookTests
{
    [Fact]
    public async Task FeedbackAsync_Rated_HookCalledOnceWithTheContext()
    {
        var contexts = new List<FeedbackContext>();
        var script = new AppScript
        {
            ChatStart = chat => chat.SayAsync("Hello"),
            Feedback = context =>
            {
                lock (contexts)
                {
                    contexts.Add(context);
                }

                return Task.CompletedTask;
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single();

        var rated = await harness.Runtime.FeedbackAsync(harness.User, threadId, reply.Id, -1, "too short", CancellationToken.None);
        await script.Hooks.WaitForAsync("Feedback");

        var context = Assert.Single(contexts);
        Assert.Equal(threadId, context.Thread.Id);
        Assert.Equal(harness.User.Id, context.User.Id);
        Assert.Equal(reply.Id, context.Item.Id);
        Assert.Equal(-1, context.Value);
        Assert.Equal("too short", context.Comment);
        Assert.NotNull(context.Services);
        Assert.True(context.Item.Metadata!.ContainsKey("feedback"));
        Assert.Equal(rated, context.Item);
    }

    [Fact]
    public async Task FeedbackAsync_HookThrows_RatingStoredAndThreadWorks()
    {
        var script = new AppScript
        {
            ChatStart = chat => chat.SayAsync("Hello"),
            Message = (chat, message) => chat.SayAsync("echo " + message.Content),
            Feedback = _ => throw new InvalidOperationException("feedback store down"),
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single();

        var rated = await harness.Runtime.FeedbackAsync(harness.User, threadId, reply.Id, 1, null, CancellationToken.None);
        await script.Hooks.WaitForAsync("Feedback");
        await harness.SendAsync(threadId, "still here");
        await events.WaitForRunFinishedAsync(2);

        Assert.True(rated.Metadata!.ContainsKey("feedback"));
        Assert.Equal("echo still here", events.Replica.Items.OfType<AssistantMessage>().Last().Content);
        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.True(view.Items.Single(i => i.Id == reply.Id).Metadata!.ContainsKey("feedback"));
    }

    [Fact]
    public async Task FeedbackAsync_Refused_HookNotCalled()
    {
        var script = new AppScript();
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.FeedbackAsync(harness.User, threadId, "itm_nope", 1, null, CancellationToken.None));
        await Task.Delay(50);

        Assert.Equal(0, script.Hooks.Count("Feedback"));
    }
}
