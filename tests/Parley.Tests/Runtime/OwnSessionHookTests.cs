using System.Text.Json;
using Parley.Runtime;
using Parley.Testing;
using static Parley.Tests.Runtime.RuntimeTestDoubles;

namespace Parley.Tests.Runtime;

/// <summary>
/// A hook (not a run) that starts a server run, ends or deletes its thread, or sends a command, while
/// its own session ends: the end waits for the hook, so the hook must not wait for the end. Found by
/// the fault suite's fuzzer: a window message whose hook starts a run, then <c>end</c>, held the end
/// for the hook timeout (30 s, the default these tests run with).
/// </summary>
public sealed class OwnSessionHookTests
{
    private static readonly JsonElement Ping = JsonDocument.Parse("\"ping\"").RootElement.Clone();

    [Fact]
    public async Task StartServerRun_FromHookAsItsSessionEnds_EndIsNotHeldAndTheRunRunsInTheNextSession()
    {
        var ending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<ServerRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        ChatRuntime? runner = null;
        var script = new AppScript
        {
            WindowMessage = async ctx =>
            {
                await ending.Task;
                started.SetResult(await runner!.StartRunAsync(ctx.Thread.Id, chat => chat.SayAsync("host said: ping")));
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        runner = harness.Runtime;
        var (threadId, events, end) = await EndWhileTheHookWaitsAsync(harness, ending);

        // The hook timeout is 30 s: without the fix the end waits for it.
        Assert.True(await CompletesWithin(end, 10_000), "the end waited for the hook that waited for the end");
        Assert.True(await CompletesWithin(started.Task, 5_000), "StartRunAsync did not return");
        var run = await started.Task;
        Assert.True(await CompletesWithin(run.Completion, 10_000), "the run never ran");
        Assert.Equal(RunStatus.Completed, (await run.Completion).Status);
        var calls = script.Hooks.Calls.ToList();
        Assert.True(calls.IndexOf("ChatEnd:UserEnded") < calls.LastIndexOf("ChatResume"), string.Join(", ", calls));
        var stored = await harness.Store.GetItemsAsync(threadId, 100, CancellationToken.None);
        Assert.Contains(stored, i => i is AssistantMessage { Content: "host said: ping" } reply && reply.RunId == run.RunId);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Command_FromHookAsItsSessionEnds_FailsFastAndEndCompletes()
    {
        var ending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        ChatRuntime? runtime = null;
        var script = new AppScript
        {
            WindowMessage = async ctx =>
            {
                await ending.Task;
                refused.SetResult(await Record.ExceptionAsync(() => runtime!.PostWindowMessageAsync(ctx.User, ctx.Thread.Id, Ping, CancellationToken.None)));
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        runtime = harness.Runtime;
        var (threadId, events, end) = await EndWhileTheHookWaitsAsync(harness, ending);

        Assert.True(await CompletesWithin(refused.Task, 5_000), "the command waited for the end that waited for it");
        Assert.IsType<InvalidOperationException>(await refused.Task);
        Assert.True(await CompletesWithin(end, 10_000));
        await events.DisposeAsync();
    }

    [Fact]
    public async Task EndSession_FromItsOwnHook_ReturnsAndTheSessionEnds()
    {
        await using var harness = await RuntimeHarness.StartAsync(new AppScript());
        await CallFromOwnWindowMessageHookAsync(harness, (runtime, ctx) => runtime.EndSessionAsync(ctx.User, ctx.Thread.Id, CancellationToken.None));

        await harness.Script.Hooks.WaitForAsync("ChatEnd:UserEnded", timeout: TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DeleteThread_FromItsOwnHook_ReturnsAndTheThreadIsRemoved()
    {
        await using var harness = await RuntimeHarness.StartAsync(new AppScript());
        var threadId = await CallFromOwnWindowMessageHookAsync(harness, (runtime, ctx) => runtime.DeleteThreadAsync(ctx.User, ctx.Thread.Id, CancellationToken.None));

        await harness.Script.Hooks.WaitForAsync("ChatEnd:Deleted", timeout: TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await harness.Store.GetThreadAsync(threadId, CancellationToken.None) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the thread was never removed");
            await Task.Delay(10);
        }

        await Assert.ThrowsAsync<ChatCommandException>(() => harness.SendAsync(threadId, "still there?"));
    }

    [Fact]
    public async Task ServerRun_StartedByAHook_DoesNotRunAsThatHook()
    {
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        RuntimeHarness? harness = null;
        var script = new AppScript
        {
            // The run loop started here outlives the hook: it must not carry the hook's marker into its
            // runs, or they would act as hooks of the session (defer, or throw instead of waiting).
            WindowMessage = ctx => harness!.Runtime.StartRunAsync(ctx.Thread.Id, chat =>
            {
                seen.SetResult(HostOf(harness, chat.Thread.Id)!.InOwnSessionHook);
                return Task.CompletedTask;
            }),
        };
        await using (harness = await RuntimeHarness.StartAsync(script))
        {
            var (threadId, events) = await harness.NewThreadAsync();
            await events.WaitForRunFinishedAsync(1);

            await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Ping, CancellationToken.None);

            Assert.True(await CompletesWithin(seen.Task, 10_000));
            Assert.False(await seen.Task);
            await events.DisposeAsync();
        }
    }

    /// <summary>Has a window message's hook make <paramref name="call"/> into its own thread; asserts it did not wait for the hook.</summary>
    private static async Task<string> CallFromOwnWindowMessageHookAsync(RuntimeHarness harness, Func<ChatRuntime, WindowMessageContext, Task> call)
    {
        var returned = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Script.WindowMessage = async ctx => returned.SetResult(await CompletesWithin(call(harness.Runtime, ctx), 5_000));
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Ping, CancellationToken.None);

        Assert.True(await CompletesWithin(returned.Task, 10_000), "the hook never finished");
        Assert.True(await returned.Task, "the call waited for the hook it was made from");
        await events.DisposeAsync();
        return threadId;
    }

    /// <summary>Posts a window message, ends the session while its hook waits, then lets the hook go on.</summary>
    private static async Task<(string ThreadId, EventCollector Events, Task End)> EndWhileTheHookWaitsAsync(RuntimeHarness harness, TaskCompletionSource ending)
    {
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await harness.Runtime.PostWindowMessageAsync(harness.User, threadId, Ping, CancellationToken.None);
        await harness.Script.Hooks.WaitForAsync("WindowMessage");

        var end = harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        await WaitUntilEndingAsync(harness, threadId);
        ending.SetResult();
        return (threadId, events, end);
    }

    private static async Task WaitUntilEndingAsync(RuntimeHarness harness, string threadId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (HostOf(harness, threadId)?.Session?.Ending is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the session never began to end");
            await Task.Delay(5);
        }
    }
}
