using System.Net;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>
/// One handler-fault trial against the test app (started with <c>--faults true</c>): provoke the fault,
/// wait for the thread to settle, check the invariants, then check the thread still answers.
/// </summary>
internal sealed class HandlerFaultTrial(ParleyClient client, Random random)
{
    /// <summary>Points inside a message run, chosen by the message text.</summary>
    public static readonly string[] MessagePoints = ["before-any", "before-first-token", "mid-stream", "in-step", "in-run-step", "in-nested-step", "in-ask", "after-answer", "after-reply"];

    /// <summary>Points outside a message run, chosen by the thread's metadata (or the construction switch).</summary>
    public static readonly string[] ThreadPoints = ["construction", "chat-start", "chat-start-late", "chat-resume", "stop", "stream-cancelled", "on-error", "chat-end"];

    private static readonly string[] Modes = ["async", "sync", "late"];
    private readonly List<SseReader> _readers = [];
    private readonly List<string> _expectFailed = [];
    private readonly List<string> _expectCancelled = [];

    /// <summary>The thread message-point trials share (a thread that took many faults must stay usable).</summary>
    public string? SharedThread { get; set; }

    public string Description { get; private set; } = "";

    /// <summary>Runs the trial; returns null, or what broke an invariant.</summary>
    public async Task<string?> RunAsync(int trial)
    {
        _readers.Clear();
        _expectFailed.Clear();
        _expectCancelled.Clear();
        var messagePoint = random.Next(3) > 0;
        var point = messagePoint ? MessagePoints[random.Next(MessagePoints.Length)] : ThreadPoints[random.Next(ThreadPoints.Length)];
        var mode = Modes[random.Next(Modes.Length)];
        var tokens = random.Next(0, 20);
        var delay = random.Next(0, 15);
        var freshThread = !messagePoint && (point != "construction" || random.Next(2) == 0);
        Description = messagePoint ? $"throw-at {point} {tokens} {delay}" : $"{point}:{mode}{(freshThread ? " (new thread)" : "")}";
        try
        {
            var thread = freshThread ? await StartFreshThreadAsync(point, mode) : await OpenSharedThreadAsync();
            await ProvokeAsync(thread, messagePoint ? "message" : point, Description);
            return await CheckAsync(thread, trial);
        }
        finally
        {
            if (point == "construction")
            {
                await ArmConstructionAsync(false);
            }

            foreach (var reader in _readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    private SseReader Live => _readers[^1];

    private async Task<string> StartFreshThreadAsync(string point, string mode)
    {
        if (point == "construction")
        {
            await ArmConstructionAsync(true);
        }

        var metadata = point == "construction" ? new Dictionary<string, string>() : new Dictionary<string, string> { ["faults"] = point.StartsWith("chat-start", StringComparison.Ordinal) ? point : $"{point}:{mode}" };
        var response = await client.PostJsonAsync("/api/threads", new { clientId = Guid.NewGuid().ToString("n"), metadata });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var thread = (await ParleyClient.ReadJsonAsync(response))["thread"]!["id"]!.GetValue<string>();
        _readers.Add(await client.SubscribeAsync(thread, after: 0));
        var events = await Live.WaitForAsync(e => e.OfType<RunStartedEvent>().Any(s => s.Trigger == RunTrigger.ChatStart));
        var chatStart = events.OfType<RunStartedEvent>().First(s => s.Trigger == RunTrigger.ChatStart).RunId!;
        await WaitFinishedAsync(chatStart);
        if (point is "construction" or "chat-start" or "chat-start-late")
        {
            _expectFailed.Add(chatStart);
        }

        if (point == "construction")
        {
            await ArmConstructionAsync(false);
        }

        return thread;
    }

    private async Task<string> OpenSharedThreadAsync()
    {
        if (SharedThread is null || random.Next(15) == 0)
        {
            SharedThread = await client.CreateThreadAsync();
        }

        var view = await ThreadChecks.SettleAsync(client, SharedThread, TimeSpan.FromSeconds(20));
        _readers.Add(await client.SubscribeAsync(SharedThread, after: view.LastSeq, replica: ThreadReplica.FromView(view)));
        return SharedThread;
    }

    private async Task ProvokeAsync(string thread, string point, string message)
    {
        switch (point)
        {
            case "message":
                var run = await SendAsync(thread, message);
                if (message.Contains("after-answer", StringComparison.Ordinal))
                {
                    var events = await Live.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem && a.Item.RunId == run));
                    var ask = events.OfType<ItemAddedEvent>().First(a => a.Item is AskItem && a.Item.RunId == run).Item.Id;
                    var answered = await client.PostJsonAsync($"/api/threads/{thread}/asks/{ask}/answer", new { clientId = Guid.NewGuid().ToString("n"), content = "yes" });
                    Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
                }

                await WaitFinishedAsync(run);
                _expectFailed.Add(run);
                break;
            case "construction":
                await ArmConstructionAsync(true);
                var refused = await SendAsync(thread, "hello");
                await WaitFinishedAsync(refused);
                await ArmConstructionAsync(false);
                _expectFailed.Add(refused);
                break;
            case "on-error":
                var failing = await SendAsync(thread, "fail");
                await WaitFinishedAsync(failing);
                _expectFailed.Add(failing);
                break;
            case "stop" or "stream-cancelled":
                var streaming = await SendAsync(thread, "stream 400 10");
                await Live.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any(d => d.RunId == streaming));
                await Task.Delay(random.Next(0, 200));
                var stop = await client.PostJsonAsync($"/api/threads/{thread}/stop", new { runId = streaming });
                Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
                await WaitFinishedAsync(streaming);
                _expectCancelled.Add(streaming);
                break;
            case "chat-end" or "chat-resume":
                var ended = await client.PostJsonAsync($"/api/threads/{thread}/end", new { });
                Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
                await Live.WaitForAsync(_ => Live.Ended, TimeSpan.FromSeconds(15));
                var view = await client.GetThreadAsync(thread);
                _readers.Add(await client.SubscribeAsync(thread, after: view.LastSeq, replica: ThreadReplica.FromView(view)));
                break;
        }
    }

    private async Task<string?> CheckAsync(string thread, int trial)
    {
        var okRun = await SendAsync(thread, $"ok {trial}");
        await WaitFinishedAsync(okRun, TimeSpan.FromSeconds(30));
        var view = await ThreadChecks.SettleAsync(client, thread, TimeSpan.FromSeconds(30));
        await Live.WaitForAsync(_ => Live.Replica.LastSeq >= view.LastSeq);
        if (Description.StartsWith("chat-resume", StringComparison.Ordinal))
        {
            _expectFailed.Add(Live.Events.OfType<RunStartedEvent>().FirstOrDefault(s => s.Trigger == RunTrigger.ChatResume)?.RunId ?? "(no chat_resume run)");
        }

        var seen = _readers.SelectMany(r => r.Events).ToList();
        var finished = seen.OfType<RunFinishedEvent>().ToList();
        var stored = await ThreadChecks.ReplayAsync(client, thread, view.LastSeq);
        var storedBySeq = stored.ToDictionary(e => e.Seq);
        var live = Live.Replica;
        var missing = seen.OfType<ThreadEvent>().FirstOrDefault(e => e is not ItemDeltaEvent && (!storedBySeq.TryGetValue(e.Seq, out var s) || s.GetType() != e.GetType()));
        var ok = view.Items.OfType<AssistantMessage>().FirstOrDefault(m => m.RunId == okRun);
        return ThreadChecks.CheckRunPairs(seen.OfType<ThreadEvent>().DistinctBy(e => e.Seq), "SSE")
            ?? ThreadChecks.CheckRunPairs(stored, "stored log")
            ?? (live.DuplicateRunFinished.Count > 0 ? "a second run.finished for " + live.DuplicateRunFinished[0] : null)
            ?? (live.Violations.Count > 0 || live.HasGap ? "the live replica broke: " + string.Join("; ", live.Violations) + (live.HasGap ? " (gap)" : "") : null)
            ?? (missing is null ? null : $"event seq {missing.Seq} ({missing.GetType().Name}) seen live is not stored as such")
            ?? ThreadChecks.CheckNothingOpen(view.Items)
            ?? _expectFailed.Select(r => finished.FirstOrDefault(f => f.RunId == r) is { } f ? ThreadChecks.CheckVisibleSafeError(view.Items, f) : $"run {r}: no run.finished seen").FirstOrDefault(f => f is not null)
            ?? _expectCancelled.Select(r => finished.FirstOrDefault(f => f.RunId == r)?.Status == RunStatus.Cancelled ? null : $"stopped run {r} did not end cancelled").FirstOrDefault(f => f is not null)
            ?? (ThreadChecks.FindLeak(ThreadChecks.Json(seen) + ThreadChecks.Json(view.Items)) is { } leak ? $"the client saw \"{leak}\"" : null)
            ?? (ok is { Status: ItemStatus.Completed, Content: var content } && content == $"echo: ok {trial}" ? null : $"the thread did not answer afterwards: {ok?.Status} {ok?.Content}")
            ?? (finished.FirstOrDefault(f => f.RunId == okRun)?.Status == RunStatus.Completed ? null : "the follow-up run did not complete");
    }

    private async Task<string> SendAsync(string thread, string content) =>
        (await client.SendAsync(thread, content))["runId"]!.GetValue<string>();

    private Task<IReadOnlyList<ChatEvent>> WaitFinishedAsync(string runId, TimeSpan? timeout = null) =>
        Live.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId), timeout ?? TimeSpan.FromSeconds(20));

    private async Task ArmConstructionAsync(bool armed)
    {
        var response = await client.Http.PostAsync(new Uri($"/test/faults/construction?armed={(armed ? "true" : "false")}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
