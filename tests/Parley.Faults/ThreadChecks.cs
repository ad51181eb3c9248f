using System.Net;
using System.Text.Json;
using Parley.Serialization;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>The invariants every fault trial checks on a thread once its runs settled.</summary>
internal static class ThreadChecks
{
    /// <summary>Text that must never reach a client: the injected exception's marker, type names, stack-trace shapes.</summary>
    private static readonly string[] Leaks = ["INJECTED-FAULT-SECRET", "InjectedFault", "Exception", "secrets.cs", ":line ", "   at ", "SQLite Error", "database or disk is full", "database is locked"];

    public static string? FindLeak(string text) => Leaks.FirstOrDefault(l => text.Contains(l, StringComparison.Ordinal));

    /// <summary>Waits until the thread has no active run and every run it started has finished.</summary>
    public static async Task<ThreadView> SettleAsync(ParleyClient client, string threadId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await client.Http.GetAsync(new Uri($"/api/threads/{threadId}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var view = await client.GetThreadAsync(threadId);
                var json = await response.Content.ReadAsStringAsync();
                var queued = JsonDocument.Parse(json).RootElement.TryGetProperty("queued", out var q) && q.ValueKind == JsonValueKind.Array && q.GetArrayLength() > 0;
                if (view.ActiveRun is null && !queued)
                {
                    return view;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"thread {threadId} did not settle within {timeout.TotalSeconds:F0} s (GET: {(int)response.StatusCode})");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Replays the stored log from seq 0 to <paramref name="lastSeq"/> (what a fresh client gets from the store).</summary>
    public static async Task<IReadOnlyList<ThreadEvent>> ReplayAsync(ParleyClient client, string threadId, long lastSeq)
    {
        await using var replay = await client.SubscribeAsync(threadId, after: 0);
        var events = await replay.WaitForAsync(e => e.OfType<ThreadEvent>().Any(x => x.Seq >= lastSeq) || lastSeq == 0, TimeSpan.FromSeconds(15));
        return [.. events.OfType<ThreadEvent>().Where(e => e.Seq <= lastSeq)];
    }

    /// <summary>Exactly one run.finished per run.started, and none without a start; null when so.</summary>
    public static string? CheckRunPairs(IEnumerable<ThreadEvent> events, string where)
    {
        var started = events.OfType<RunStartedEvent>().GroupBy(e => e.RunId!).ToDictionary(g => g.Key, g => g.Count());
        var finished = events.OfType<RunFinishedEvent>().GroupBy(e => e.RunId!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (run, count) in started)
        {
            if (count != 1 || finished.GetValueOrDefault(run) != 1)
            {
                return $"{where}: run {run} started {count}×, finished {finished.GetValueOrDefault(run)}×";
            }
        }

        var orphan = finished.Keys.FirstOrDefault(r => !started.ContainsKey(r));
        return orphan is null ? null : $"{where}: run {orphan} finished without a run.started";
    }

    /// <summary>Nothing in progress, no ask pending (the thread settled); null when so.</summary>
    public static string? CheckNothingOpen(IReadOnlyList<ChatItem> items)
    {
        var open = items.FirstOrDefault(i => i.Status is ItemStatus.InProgress or ItemStatus.Pending);
        return open is null ? null : $"item {open.Id} ({open.GetType().Name}) is still {open.Status} after the run finished";
    }

    /// <summary>The failed run has a visible error item and a safe error on run.finished; null when so.</summary>
    public static string? CheckVisibleSafeError(IReadOnlyList<ChatItem> items, RunFinishedEvent finished)
    {
        if (finished.Status != RunStatus.Failed && finished.Status != RunStatus.Interrupted)
        {
            return $"run {finished.RunId} ended {finished.Status}, expected failed";
        }

        if (finished.Error is not { } error || string.IsNullOrWhiteSpace(error.Message))
        {
            return $"run {finished.RunId} finished {finished.Status} without an error";
        }

        var item = items.OfType<ErrorItem>().FirstOrDefault(i => i.RunId == finished.RunId);
        if (item is null)
        {
            return $"run {finished.RunId} failed without an error item";
        }

        return FindLeak(item.Message + " " + error.Message) is { } leak ? $"run {finished.RunId}'s error leaks \"{leak}\": {item.Message}" : null;
    }

    public static string Json(IEnumerable<ChatEvent> events) =>
        string.Join("\n", events.Select(e => JsonSerializer.Serialize(e, ParleyJson.Event)));

    public static string Json(IEnumerable<ChatItem> items) =>
        string.Join("\n", items.Select(i => JsonSerializer.Serialize(i, ParleyJson.Item)));
}
