using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Hosting;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class ActionTests
{
    private static readonly ChatAction Like = ChatAction.Create("like", "Like", JsonSerializer.SerializeToElement(new { level = 3 }), icon: "thumbs-up", tooltip: "I like it");
    private static readonly ChatAction Orphan = ChatAction.Create("orphan", "Nobody handles me");
    private static readonly ChatAction Other = ChatAction.Create("other", "Other");

    private static AppScript Offering(Func<ChatContext, UserMessage, Task>? message = null) => new()
    {
        Message = message ?? ((chat, _) => chat.SayAsync("pick one", new MessageOptions { Actions = [Like, Orphan, Other] })),
    };

    private static async Task<(RuntimeHarness Harness, string ThreadId, EventCollector Events, AssistantMessage Message)> OfferAsync(
        AppScript script, Action<ParleyOptions> options)
    {
        var harness = await RuntimeHarness.StartAsync(script, options: options);
        var (threadId, events) = await harness.NewThreadAsync();
        var accepted = await harness.SendAsync(threadId, "offer");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        var message = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.Actions.Count > 0);
        return (harness, threadId, events, message);
    }

    private static Task<ActionAccepted> Click(RuntimeHarness harness, string threadId, string itemId, string actionId, string? clientId = null) =>
        harness.Runtime.RunActionAsync(harness.User, threadId, clientId ?? Guid.NewGuid().ToString("n"), itemId, actionId, CancellationToken.None);

    [Fact]
    public async Task RunActionAsync_RegisteredDelegate_RunsWithTheActionAndPayload()
    {
        var (harness, threadId, events, message) = await OfferAsync(Offering(), o => o.Actions.Add("like", (chat, action) =>
            chat.SayAsync($"liked {action.Action.Payload?.GetProperty("level").GetInt32()} on {action.Message.Content}")));
        await using var _h = harness;
        await using var _e = events;

        var accepted = await Click(harness, threadId, message.Id, Like.Id, "click-1");
        var repeat = await Click(harness, threadId, message.Id, Like.Id, "click-1");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(accepted.RunId, repeat.RunId);
        Assert.Equal(RunTrigger.Action, events.Events.OfType<RunStartedEvent>().Single(s => s.RunId == accepted.RunId).Trigger);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "liked 3 on pick one");
        Assert.Equal(RunStatus.Completed, events.Replica.RunsFinished[accepted.RunId].Status);
        Assert.Single(events.Events.OfType<RunStartedEvent>(), s => s.RunId == accepted.RunId);
    }

    [Fact]
    public async Task RunActionAsync_BadClicks_RefusedWithTheirCodesAndNothingRuns()
    {
        var (harness, threadId, events, message) = await OfferAsync(Offering(), o => o.Actions.Add("like", (chat, _) => chat.SayAsync("liked")));
        await using var _h = harness;
        await using var _e = events;
        var user = events.Replica.Items.OfType<UserMessage>().Single();
        var runsBefore = events.Events.OfType<RunStartedEvent>().Count();

        async Task<string> Refused(string itemId, string actionId) =>
            (await Assert.ThrowsAsync<ChatCommandException>(() => Click(harness, threadId, itemId, actionId))).Code;

        Assert.Equal(ChatErrorCodes.ActionNotHandled, await Refused(message.Id, Orphan.Id));
        Assert.Equal(ChatErrorCodes.ActionNotFound, await Refused(message.Id, "act_nope"));
        Assert.Equal(ChatErrorCodes.ActionNotFound, await Refused(user.Id, Like.Id));
        Assert.Equal(ChatErrorCodes.ItemNotFound, await Refused("itm_nope", Like.Id));
        var stranger = await Assert.ThrowsAsync<ChatCommandException>(() =>
            harness.Runtime.RunActionAsync(new ChatUser { Id = "usr_other" }, threadId, "c", message.Id, Like.Id, CancellationToken.None));
        Assert.Equal(ChatErrorCodes.ThreadNotFound, stranger.Code);
        var reused = await harness.SendAsync(threadId, "offer");
        var clientIdOfMessage = (await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None)).Items.OfType<UserMessage>().Last().ClientId!;
        Assert.Equal(ChatErrorCodes.ValidationFailed, (await Assert.ThrowsAsync<ChatCommandException>(() => Click(harness, threadId, message.Id, Like.Id, clientIdOfMessage))).Code);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == reused.RunId));
        Assert.Equal(runsBefore + 1, events.Events.OfType<RunStartedEvent>().Count());
    }

    [Fact]
    public async Task RemoveAsync_InHandler_RemovesTheActionAndLaterClicksAre404()
    {
        var (harness, threadId, events, message) = await OfferAsync(Offering(), o =>
        {
            o.Actions.Add("like", async (chat, action) =>
            {
                await action.RemoveAsync();
                await chat.SayAsync("removed " + action.Message.Actions.Count);
            });
            o.Actions.Add("other", (_, action) => action.RemoveAllAsync());
        });
        await using var _h = harness;
        await using var _e = events;

        var accepted = await Click(harness, threadId, message.Id, Like.Id);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        Assert.Equal([Orphan.Id, Other.Id], events.Replica.Item<AssistantMessage>(message.Id).Actions.Select(a => a.Id));
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "removed 2");
        var again = await Assert.ThrowsAsync<ChatCommandException>(() => Click(harness, threadId, message.Id, Like.Id));
        Assert.Equal(ChatErrorCodes.ActionNotFound, again.Code);

        var all = await Click(harness, threadId, message.Id, Other.Id);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == all.RunId));
        Assert.Empty(events.Replica.Item<AssistantMessage>(message.Id).Actions);
    }

    [Fact]
    public async Task RunActionAsync_WhileARunIsActive_QueuedBehindIt_AndStopCancelsIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = Offering(async (chat, m) =>
        {
            if (m.Content == "wait")
            {
                await release.Task.WaitAsync(chat.Aborted);
                await chat.SayAsync("waited");
                return;
            }

            await chat.SayAsync("pick one", new MessageOptions { Actions = [Like] });
        });
        var (harness, threadId, events, message) = await OfferAsync(script, o => o.Actions.Add("like", async (chat, _) =>
        {
            await chat.SayAsync("like started");
            await Task.Delay(Timeout.Infinite, chat.Aborted);
        }));
        await using var _h = harness;
        await using var _e = events;

        var waiting = await harness.SendAsync(threadId, "wait");
        var click = await Click(harness, threadId, message.Id, Like.Id);
        Assert.True(click.Queued);
        release.SetResult();
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "like started" }));
        var order = events.Events.OfType<RunFinishedEvent>().Select(f => f.RunId).ToList();
        Assert.Contains(waiting.RunId, order);

        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == click.RunId));
        Assert.Equal(RunStatus.Cancelled, events.Replica.RunsFinished[click.RunId].Status);
    }

    [Fact]
    public async Task RunActionAsync_HandlerRemovesItsActionThenThrows_RetryRunsTheSameActionAgain()
    {
        var calls = 0;
        var (harness, threadId, events, message) = await OfferAsync(Offering(), o => o.Actions.Add("like", async (chat, action) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // Removed before failing: the retry must still know which action was clicked.
                await action.RemoveAllAsync();
                throw new InvalidOperationException("first click fails");
            }

            await chat.SayAsync($"retried {action.Action.Id} ({chat.Run.Trigger})");
        }));
        await using var _h = harness;
        await using var _e = events;

        var click = await Click(harness, threadId, message.Id, Like.Id);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == click.RunId));
        Assert.Equal(RunStatus.Failed, events.Replica.RunsFinished[click.RunId].Status);
        var error = events.Replica.Items.OfType<ErrorItem>().Single(e => e.RunId == click.RunId);

        var retry = await harness.Runtime.RetryAsync(harness.User, threadId, "retry-1", error.Id, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == retry.RunId));

        Assert.Equal(RunStatus.Completed, events.Replica.RunsFinished[retry.RunId].Status);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == $"retried {Like.Id} (Retry)");
    }

    [Fact]
    public async Task OnActionAsync_Overridden_HandlesNamesDeclaredWithWithAction()
    {
        await using var harness = await RuntimeHarness.StartAsync(configure: s => s.AddParleyCore<OverridingApp>().WithAction("like"));
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var offered = await harness.SendAsync(threadId, "offer");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == offered.RunId));
        var message = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.Actions.Count > 0);

        var click = await Click(harness, threadId, message.Id, Like.Id);
        var orphan = await Assert.ThrowsAsync<ChatCommandException>(() => Click(harness, threadId, message.Id, Orphan.Id));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == click.RunId));

        Assert.Equal(ChatErrorCodes.ActionNotHandled, orphan.Code);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "override handled like");
        Assert.True(harness.Services.GetRequiredService<IOptions<ParleyOptions>>().Value.Actions.IsHandled("like"));
    }

    private sealed class OverridingApp : ChatApp
    {
        public override Task OnMessageAsync(ChatContext chat, UserMessage message) =>
            chat.SayAsync("pick one", new MessageOptions { Actions = [Like, Orphan] });

        public override Task OnActionAsync(ChatContext chat, ActionContext action) =>
            chat.SayAsync("override handled " + action.Action.Name);
    }
}
