using System.Text.Json;
using Parley.Testing;

namespace Parley.Tests.Embedding;

public sealed class WindowMessageTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task PostWindowMessage_FiresHookWithData_AndStoresNothing()
    {
        JsonElement? seen = null;
        ThreadInfo? thread = null;
        var script = new AppScript
        {
            WindowMessage = ctx =>
            {
                seen = ctx.Data;
                thread = ctx.Thread;
                return Task.CompletedTask;
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        var lastSeq = await harness.Store.GetLastSeqAsync(threadId, CancellationToken.None);

        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Json("""{"kind":"ping","n":[1,2]}"""), CancellationToken.None);
        await script.Hooks.WaitForAsync("WindowMessage");

        Assert.Equal("""{"kind":"ping","n":[1,2]}""", seen!.Value.GetRawText());
        Assert.Equal(threadId, thread!.Id);
        Assert.Equal(lastSeq, await harness.Store.GetLastSeqAsync(threadId, CancellationToken.None));
        await events.DisposeAsync();
    }

    [Fact]
    public async Task SendWindowMessage_FromHook_ReachesLiveSubscribersAsEphemeralEvent()
    {
        var script = new AppScript
        {
            WindowMessage = ctx => ctx.SendWindowMessageAsync(Json("""{"echo":""" + ctx.Data.GetRawText() + "}")),
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Json("\"hello\""), CancellationToken.None);
        var all = await events.WaitForAsync(e => e.OfType<WindowMessageEvent>().Any());

        var message = Assert.Single(all.OfType<WindowMessageEvent>());
        Assert.Equal("""{"echo":"hello"}""", message.Data.GetRawText());
        Assert.Equal(threadId, message.ThreadId);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task SendWindowMessage_FromRun_ReachesLiveSubscribers()
    {
        var script = new AppScript { Message = (chat, _) => chat.SendWindowMessageAsync(Json("""{"from":"run"}""")) };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        await harness.SendAsync(threadId, "go");
        var all = await events.WaitForRunFinishedAsync(2);

        Assert.Equal("""{"from":"run"}""", Assert.Single(all.OfType<WindowMessageEvent>()).Data.GetRawText());
        await events.DisposeAsync();
    }

    [Fact]
    public async Task PostWindowMessage_DuringRun_IsNotQueuedBehindIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = new AppScript { Message = (_, _) => release.Task };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await harness.SendAsync(threadId, "block");
        await script.Hooks.WaitForAsync("Message");

        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Json("1"), CancellationToken.None);
        await script.Hooks.WaitForAsync("WindowMessage");

        Assert.Single(events.Events.OfType<RunFinishedEvent>());
        release.SetResult();
        await events.WaitForRunFinishedAsync(2);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task PostWindowMessage_HookThrows_CommandSucceedsAndNextMessageStillFires()
    {
        var script = new AppScript { WindowMessage = ctx => ctx.Data.GetInt32() == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();

        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Json("1"), CancellationToken.None);
        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Json("2"), CancellationToken.None);

        await script.Hooks.WaitForAsync("WindowMessage", 2);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task PostWindowMessage_SessionValuesChanged_AreSaved()
    {
        var script = new AppScript { WindowMessage = ctx => Task.Run(() => ctx.Session.Set("host", ctx.Data.GetString())) };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Json("\"page-1\""), CancellationToken.None);
        await script.Hooks.WaitForAsync("WindowMessage");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await harness.Store.GetThreadAsync(threadId, CancellationToken.None))!.Session is not { } saved || !saved.ContainsKey("host"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the session value was not saved");
            await Task.Delay(10);
        }

        await events.DisposeAsync();
    }

    [Fact]
    public async Task PostWindowMessage_BadInput_IsRefused()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        var big = Json("\"" + new string('a', WindowMessageContext.MaxDataBytes) + "\"");

        var missing = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.PostWindowMessageAsync(harness.User, threadId, default, CancellationToken.None));
        var tooLarge = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.PostWindowMessageAsync(harness.User, threadId, big, CancellationToken.None));
        var foreign = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.PostWindowMessageAsync(new ChatUser { Id = "usr_other" }, threadId, Json("1"), CancellationToken.None));

        Assert.Equal(ChatErrorCodes.ValidationFailed, missing.Code);
        Assert.Equal(ChatErrorCodes.PayloadTooLarge, tooLarge.Code);
        Assert.Equal(ChatErrorCodes.ThreadNotFound, foreign.Code);
        Assert.Equal(0, harness.Script.Hooks.Count("WindowMessage"));
        await events.DisposeAsync();
    }
}
