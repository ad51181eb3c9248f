using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Runtime;
using Parley.Storage;
using Parley.Testing;
using Xunit.Abstractions;
using static Parley.Tests.Runtime.RuntimeTestDoubles;

namespace Parley.Tests.Runtime;

/// <summary>Races between runs, session ends, deletes and shutdown that once hung or broke a thread.</summary>
public sealed class SessionConcurrencyRegressionTests(ITestOutputHelper output)
{
    // Regression: an exception from the run's DI scope disposal kills the thread's run loop

    [Fact]
    public async Task RunLoop_ScopeDisposalThrows_NextMessageStillRunsAndShutdownCompletes()
    {
        var script = new AppScript
        {
            Message = (chat, message) =>
            {
                if (message.Content == "boom")
                {
                    chat.Services.GetRequiredService<ExplodingDisposable>();
                }

                return chat.SayAsync("ok: " + message.Content);
            },
        };
        var harness = await RuntimeHarness.StartAsync(script, configure: s => s.AddScoped<ExplodingDisposable>());
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        var first = await harness.SendAsync(threadId, "boom");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == first.RunId));
        var second = await harness.SendAsync(threadId, "second"); // 202: durable and queued
        await Task.Delay(1000);

        var stop = harness.StopAsync();
        var stopped = await CompletesWithin(stop, 3000);
        output.WriteLine($"second run finished: {events.Events.OfType<RunFinishedEvent>().Any(f => f.RunId == second.RunId)}; shutdown completed: {stopped}");
        Assert.Contains(events.Events.OfType<RunFinishedEvent>(), f => f.RunId == second.RunId);
        Assert.True(stopped, "shutdown hangs in EndSessionAsync -> Runs.WhenIdleAsync()");
    }

    // Regression: delete / shutdown do not wait for a session that is already ending

    [Fact]
    public async Task DeleteThread_WhileEndInProgress_WaitsForTheEndAndLeavesNothing()
    {
        var clock = new ManualTimeProvider();
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                var reply = await chat.BeginMessageAsync();
                await reply.AppendAsync("partial");
                await new TaskCompletionSource().Task; // ignores Aborted: the grace period applies
            },
        };
        var harness = await RuntimeHarness.StartAsync(script, time: clock);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any());

        var ending = harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(ending.IsCompleted);

        var deleting = harness.Runtime.DeleteThreadAsync(harness.User, threadId, CancellationToken.None);
        await Task.Delay(100);
        var deleteReturnedBeforeEnd = deleting.IsCompleted;

        clock.Advance(TimeSpan.FromSeconds(11)); // grace period elapses: the run now finishes
        var ended = await CompletesWithin(ending, 3000);
        var deleted = await CompletesWithin(deleting, 3000);
        await Task.Delay(200);

        var orphanEvents = await harness.Store.ReadEventsAsync(threadId, 0, 1000, CancellationToken.None);
        var orphanRun = await harness.Store.GetRunAsync(accepted.RunId, CancellationToken.None);
        output.WriteLine($"delete returned before end: {deleteReturnedBeforeEnd}; end completed: {ended}; delete completed: {deleted}; events after delete: {orphanEvents.Count}; run: {orphanRun?.Status}; hooks: {string.Join(",", script.Hooks.Calls)}");
        Assert.False(deleteReturnedBeforeEnd, "DELETE returned while the session was still ending");
        Assert.True(deleted);
        Assert.Empty(orphanEvents);
        Assert.Null(orphanRun);
    }

    [Fact]
    public async Task Shutdown_WhileEndInProgress_WaitsForTheSessionToEnd()
    {
        var clock = new ManualTimeProvider();
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                var reply = await chat.BeginMessageAsync();
                await reply.AppendAsync("partial");
                await new TaskCompletionSource().Task;
            },
        };
        var harness = await RuntimeHarness.StartAsync(script, time: clock);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any());

        var ending = harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        await Task.Delay(100);

        var stop = harness.StopAsync();
        var stoppedFirst = await CompletesWithin(stop, 2000);
        var chatEndBeforeStop = script.Hooks.Count("ChatEnd:UserEnded");
        clock.Advance(TimeSpan.FromSeconds(11));
        var ended = await CompletesWithin(ending, 2000);
        var run = await harness.Store.GetRunAsync(accepted.RunId, CancellationToken.None);
        output.WriteLine($"host stopped while session still ending: {stoppedFirst}; OnChatEnd before stop returned: {chatEndBeforeStop}; end completed afterwards: {ended}; run status in store: {run?.Status}");
        Assert.False(stoppedFirst && chatEndBeforeStop == 0, "the host stopped (OnAppShutdown, writer drained) before the ending session's OnChatEnd / run.finished");
    }

    // Regression: TryCancel on a disposed run throws, leaving the session "ending" forever: commands spin

    [Fact]
    public async Task EndSession_RunFinishedBetweenCaptureAndCancel_SessionEndsAndCommandsWork()
    {
        var release = new TaskCompletionSource();
        var script = new AppScript { Message = async (chat, _) => await release.Task };
        var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);
        await harness.SendAsync(threadId, "go");
        await script.Hooks.WaitForAsync("Message");

        // The interleaving: EndSessionAsync captured Runs.Active under the gate and released it; the run
        // then finished before EndSessionAsync cancelled it outside the gate. Cancelling must be harmless.
        var host = HostOf(harness, threadId)!;
        var run = host.Runs.Active!;
        release.SetResult();
        await run.Completion.Task;
        run.TryCancel(RunEndCause.SessionEnded);

        var endEx = await Record.ExceptionAsync(() => harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None));
        output.WriteLine($"EndSessionAsync threw: {endEx?.GetType().Name}; Session null: {host.Session is null}");
        Assert.Null(endEx);
        Assert.Null(host.Session);

        var post = Task.Run(() => harness.SendAsync(threadId, "after"));
        var done = await CompletesWithin(post, 5000);
        output.WriteLine($"PostMessage completed: {done}");
        Assert.True(done);
    }

    // Regression: OnChatEnd that starts a server run deadlocks the end

    [Fact]
    public async Task OnChatEnd_StartsServerRunInItsThread_FailsFastAndEndCompletes()
    {
        ChatRuntime? runner = null;
        var script = new AppScript
        {
            ChatEnd = async ctx => await runner!.StartRunAsync(ctx.Thread.Id, chat => chat.SayAsync("Bye, summary follows.")),
        };
        var harness = await RuntimeHarness.StartAsync(script);
        runner = harness.Runtime;
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        var end = harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        var done = await CompletesWithin(end, 3000);
        output.WriteLine($"end completed: {done}");
        Assert.True(done);
    }

    // Regression: A cancelled acquire during load leaves the host in the registry forever

    [Fact]
    public async Task Acquire_CancelledWhileLoading_HostLeavesTheRegistryAfterwards()
    {
        var store = new ControllableStore(new InMemoryChatStore());
        await using var harness = await RuntimeHarness.StartAsync(store: store);
        var created = await harness.Runtime.CreateThreadAsync(harness.User, "c1", null, null, CancellationToken.None);
        var threadId = created.Thread.Id;
        await Task.Delay(200);
        await harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        var registry = harness.Services.GetRequiredService<ThreadHostRegistry>();
        Assert.Equal(0, registry.Count);

        store.HoldGetThread = new TaskCompletionSource();
        using var cts = new CancellationTokenSource();
        var snapshot = harness.Runtime.StopAsync(harness.User, threadId, null, cts.Token);
        await Task.Delay(50);
        await cts.CancelAsync();
        output.WriteLine("cancelled acquire threw: " + (await Record.ExceptionAsync(() => snapshot))?.GetType().Name);
        var hold = store.HoldGetThread;
        store.HoldGetThread = null;
        hold.SetResult();
        await Task.Delay(300);

        output.WriteLine($"hosts in registry: {registry.Count}");
        Assert.Equal(0, registry.Count);
    }

    // Regression: A command that acquired a host before shutdown begins a new session after it

    [Fact]
    public async Task Shutdown_CommandStillLoadingHost_BeginsNoSession()
    {
        var store = new ControllableStore(new InMemoryChatStore());
        var harness = await RuntimeHarness.StartAsync(store: store);
        var created = await harness.Runtime.CreateThreadAsync(harness.User, "c1", null, null, CancellationToken.None);
        var threadId = created.Thread.Id;
        await Task.Delay(200);
        await harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);

        store.HoldGetThread = new TaskCompletionSource();
        var post = harness.SendAsync(threadId, "hello");   // acquires a lease, waits in LoadAsync
        await Task.Delay(50);
        var hosted = harness.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>().Single();
        await hosted.StoppingAsync(CancellationToken.None); // every session ended; registry closed
        var resumesBefore = harness.Script.Hooks.Count("ChatResume");
        var hold = store.HoldGetThread;
        store.HoldGetThread = null;
        hold.SetResult();

        var ex = await Record.ExceptionAsync(() => post);
        await Task.Delay(3000);
        if (post.IsCompletedSuccessfully)
        {
            var run = await harness.Store.GetRunAsync((await post).RunId, CancellationToken.None);
            output.WriteLine($"message run status in store: {run?.Status}");
        }
        output.WriteLine($"post after shutdown: {(ex is null ? "202 accepted" : ex.GetType().Name)}; ChatResume after StoppingAsync: {harness.Script.Hooks.Count("ChatResume") - resumesBefore}; Message: {harness.Script.Hooks.Count("Message")}; ChatEnd:ServerShutdown: {harness.Script.Hooks.Count("ChatEnd:ServerShutdown")}; hooks: {string.Join(",", harness.Script.Hooks.Calls)}");
        Assert.Equal(0, harness.Script.Hooks.Count("ChatResume") - resumesBefore);
    }
}
