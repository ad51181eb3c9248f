using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Runtime;
using Parley.Storage;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Tests.Runtime;

public sealed class ConcurrencyRegressionTests(ITestOutputHelper output)
{
    // ---------- helpers ----------

    internal static ThreadHost? HostOf(RuntimeHarness harness, string threadId)
    {
        var registry = harness.Services.GetRequiredService<ThreadHostRegistry>();
        var hosts = (Dictionary<string, ThreadHost>)typeof(ThreadHostRegistry).GetField("_hosts", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(registry)!;
        lock (hosts)
        {
            return hosts.GetValueOrDefault(threadId);
        }
    }

    private static async Task<bool> CompletesWithin(Task task, int ms) => await Task.WhenAny(task, Task.Delay(ms)) == task;

    private sealed class ExplodingDisposable : IDisposable
    {
        public void Dispose() => throw new InvalidOperationException("dispose failed");
    }

    /// <summary>A store whose reads can be made slow or failing.</summary>
    private sealed class ControllableStore(IChatStore inner) : DelegatingChatStore(inner)
    {
        public volatile TaskCompletionSource? HoldGetThread;
        public volatile bool FailLastSeq;
        public volatile bool FailFindRun;

        public override async ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken)
        {
            if (HoldGetThread is { } hold)
            {
                await hold.Task;
            }

            return await base.GetThreadAsync(threadId, cancellationToken);
        }

        public override ValueTask<long> GetLastSeqAsync(string threadId, CancellationToken cancellationToken) =>
            FailLastSeq ? throw new ChatStoreException("database is locked", isTransient: true) : base.GetLastSeqAsync(threadId, cancellationToken);

        public override ValueTask<RunRecord?> FindRunByClientIdAsync(string threadId, string clientId, CancellationToken cancellationToken) =>
            FailFindRun ? throw new ChatStoreException("database is locked", isTransient: true) : base.FindRunByClientIdAsync(threadId, clientId, cancellationToken);
    }

    // ---------- 1. an exception from the run's DI scope disposal kills the thread's run loop ----------

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

    // ---------- 2. delete / shutdown do not wait for a session that is already ending ----------

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

    // ---------- 3. ConnectAsync: a store failure after Hub.Add leaks the subscription; raw store exception -> 500 ----------

    [Fact]
    public async Task Subscribe_StoreFails_StoreUnavailableAndNoSubscriptionLeft()
    {
        var store = new ControllableStore(new InMemoryChatStore());
        await using var harness = await RuntimeHarness.StartAsync(store: store);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        var host = HostOf(harness, threadId)!;
        var before = host.Hub.Count;

        store.FailLastSeq = true;
        var ex = await Record.ExceptionAsync(() => harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        store.FailLastSeq = false;

        output.WriteLine($"exception: {ex?.GetType().Name}; hub before {before}, after {host.Hub.Count}");
        Assert.IsType<ChatCommandException>(ex); // it is a raw ChatStoreException: the HTTP filter answers 500 internal_error, not 503
        Assert.Equal(before, host.Hub.Count);      // the half-opened subscription stays in the hub
    }

    [Fact]
    public async Task PostMessage_StoreReadFails_StoreUnavailable()
    {
        var store = new ControllableStore(new InMemoryChatStore());
        await using var harness = await RuntimeHarness.StartAsync(store: store);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        store.FailFindRun = true;
        var ex = await Record.ExceptionAsync(() => harness.SendAsync(threadId, "hello"));
        store.FailFindRun = false;
        output.WriteLine($"exception: {ex?.GetType().FullName}");
        var refusal = Assert.IsType<ChatCommandException>(ex);
        Assert.Equal(ChatErrorCodes.StoreUnavailable, refusal.Code);
    }

    // ---------- 4. TryCancel on a disposed run throws, leaving the session "ending" forever: commands spin ----------

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

    // ---------- 5. OnChatEnd that starts a server run deadlocks the end ----------

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

    // ---------- 6. A cancelled acquire during load leaves the host in the registry forever ----------

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

    // ---------- 7. A command that acquired a host before shutdown begins a new session after it ----------

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

    // ---------- 8. KeepAliveTicker.Tick re-adds subscriptions that were untracked meanwhile ----------

    [Fact]
    public async Task KeepAliveTicker_TickRacingUntrack_LeaksNothing()
    {
        var ticker = new KeepAliveTicker(TimeSpan.FromHours(1), TimeProvider.System);
        var store = new InMemoryChatStore();
        var map = (System.Collections.Concurrent.ConcurrentDictionary<ChatSubscription, long>)typeof(KeepAliveTicker)
            .GetField("_subscriptions", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(ticker)!;
        var leaked = 0;
        for (var round = 0; round < 50 && leaked == 0; round++)
        {
            var subs = Enumerable.Range(0, 2000)
                .Select(i => new ChatSubscription("thr_x", "con_" + i, 0, 16, store, _ => ValueTask.CompletedTask))
                .ToList();
            subs.ForEach(ticker.Track);
            using var stop = new CancellationTokenSource();
            var ticking = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    ticker.Tick();
                }
            });
            await Task.Delay(5);
            Parallel.ForEach(subs, ticker.Untrack);
            await stop.CancelAsync();
            await ticking;
            leaked = map.Count;
            map.Clear();
        }

        output.WriteLine($"subscriptions left tracked after all were untracked: {leaked}");
        Assert.Equal(0, leaked);
    }

    // ---------- 9. one thread's rejected entry fails every other thread in the same group commit ----------

    [Fact]
    public async Task StoreWriter_OneThreadsEntryRejected_OtherThreadsInTheBatchUnaffected()
    {
        var faulty = new FaultyChatStore(new InMemoryChatStore());
        string? poison = null;
        faulty.OnCommit = batch =>
            Volatile.Read(ref poison) is { } p && batch.Events.Any(e => e.ThreadId == p) && Interlocked.Exchange(ref poison, null) is not null
                ? new ChatStoreException("constraint failed (one thread's bad entry)", isTransient: false)
                : null;
        var script = new AppScript
        {
            Message = async (chat, message) =>
            {
                if (message.Content != "stream")
                {
                    await chat.SayAsync("ok");
                    return;
                }

                var reply = await chat.BeginMessageAsync();
                for (var i = 0; i < 100; i++)
                {
                    await reply.AppendAsync("x");
                    await Task.Delay(5);
                }

                await reply.CompleteAsync();
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, store: faulty, options: o => o.Writer.MaxBatchDelay = TimeSpan.FromMilliseconds(20));
        var (threadA, eventsA) = await harness.NewThreadAsync();
        var (threadB, eventsB) = await harness.NewThreadAsync();
        await using var a = eventsA;
        await using var b = eventsB;
        await eventsA.WaitForRunFinishedAsync(1);
        await eventsB.WaitForRunFinishedAsync(1);

        var streaming = await harness.SendAsync(threadB, "stream");
        await eventsB.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 10);
        Volatile.Write(ref poison, threadA);
        var refusal = await Record.ExceptionAsync(() => harness.SendAsync(threadA, "anything"));

        await eventsB.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == streaming.RunId));
        var finished = eventsB.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == streaming.RunId);
        output.WriteLine($"thread A post: {(refusal as ChatCommandException)?.Code ?? refusal?.GetType().Name}; unrelated thread B run finished {finished.Status} {finished.Error?.Code}");
        Assert.Equal(RunStatus.Completed, finished.Status);
    }

    [Fact]
    public async Task FailedDelta_CommandResyncsUnderTheHandler_RunFailsVisiblyInsteadOfLosingText()
    {
        var faulty = new FaultyChatStore(new InMemoryChatStore());
        var failed = 0;
        faulty.OnCommit = batch =>
            batch.Events.Any(e => System.Text.Encoding.UTF8.GetString(e.Json.Span).Contains("two ", StringComparison.Ordinal)) && Interlocked.Exchange(ref failed, 1) == 0
                ? new ChatStoreException("disk I/O error", isTransient: false)
                : null;
        var afterTwo = new TaskCompletionSource();
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                var reply = await chat.BeginMessageAsync();
                await reply.AppendAsync("one ");
                await Task.Delay(100);
                await reply.AppendAsync("two ");
                await afterTwo.Task;           // e.g. waiting for the next model token
                await reply.AppendAsync("three");
                await reply.CompleteAsync();
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, store: faulty);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        var accepted = await harness.SendAsync(threadId, "go");
        for (var i = 0; i < 400 && Volatile.Read(ref failed) == 0; i++)
        {
            await Task.Delay(5);
        }

        await Task.Delay(50);
        // Any command on the thread takes LockHealthyAsync, which resyncs the faulted log and clears the fault.
        await harness.Runtime.UpdateThreadAsync(harness.User, threadId, "renamed", null, CancellationToken.None);
        afterTwo.SetResult();
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var finished = events.Events.OfType<RunFinishedEvent>().Single(f => f.RunId == accepted.RunId);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);
        output.WriteLine($"run {finished.Status}; reply '{reply.Content}' ({reply.Status})");
        Assert.False(finished.Status == RunStatus.Completed && reply.Content != "one two three", "the reply completed with text silently missing");
    }
}
