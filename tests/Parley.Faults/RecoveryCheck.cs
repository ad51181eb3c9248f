using System.Net.Http.Json;
using Parley.Serialization;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>
/// The invariants after a restart on the same database, for one thread a trial drove before the
/// fault. Returns what broke, each line naming the thread; never throws on a broken invariant.
/// </summary>
internal sealed class RecoveryCheck(ParleyClient client, RecoveryFigures figures)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Right after the restart, before anything starts a session: recovery finished every run — none
    /// active, no item in progress, no ask pending. Returns the snapshot.
    /// </summary>
    public async Task<ThreadSnapshot?> CheckRecoveredAsync(WatchedThread thread, List<string> failures, CancellationToken cancellation)
    {
        ThreadSnapshot snapshot;
        try
        {
            snapshot = await ThreadSnapshot.GetAsync(client, thread.Id, cancellation);
        }
        catch (InvalidOperationException e)
        {
            var cookies = string.Join(", ", client.Cookies.GetAllCookies().Select(c => $"{c.Name}@{c.Domain}{c.Path}={c.Value[..Math.Min(c.Value.Length, 12)]}…"));
            failures.Add($"{thread.Id} (created 201 before the fault; cookies: {cookies}): {e.Message}");
            return null;
        }

        if (snapshot.ActiveRunId is not null)
        {
            failures.Add($"{thread.Id}: run {snapshot.ActiveRunId} still active after the restart");
        }

        foreach (var open in snapshot.Items.Where(i => i.Status.IsOpen()))
        {
            failures.Add($"{thread.Id}: {open.GetType().Name} {open.Id} of run {open.RunId} is {open.Status} after the restart");
        }

        figures.AsksExpired += snapshot.Items.OfType<AskItem>().Count(a => a.Status == ItemStatus.Expired);
        return snapshot;
    }

    /// <summary>
    /// Replays the thread from <c>after=0</c> (which begins its session, so recovered queued runs
    /// run), waits until no run is active or queued, and checks the replay against what the client
    /// saw before the fault, every acknowledged message, and that the thread takes a new message.
    /// </summary>
    public async Task CheckReplayAsync(WatchedThread thread, List<string> failures, CancellationToken cancellation)
    {
        await using var replay = await client.SubscribeAsync(thread.Id, after: 0);
        var settled = await SettleAsync(thread.Id, cancellation);
        if (!settled.Settled)
        {
            failures.Add($"{thread.Id}: not settled {SettleTimeout.TotalSeconds} s after the restart (active {settled.ActiveRunId}, queued {settled.QueuedRunIds.Count})");
            return;
        }

        if (!await CaughtUpAsync(replay, settled.LastSeq))
        {
            failures.Add($"{thread.Id}: the replay stopped at seq {replay.Replica.LastSeq} of {settled.LastSeq} (ended: {replay.Ended})");
            return;
        }

        CompareSeenEvents(thread, replay, failures);
        CompareSeenText(thread, settled, failures);
        CheckAcknowledged(thread, settled, replay.Replica, failures);
        // The thread takes a new message and answers it.
        var next = new WatchedThread(thread.Id, replay);
        if (!await next.SendAsync(client, "after the restart", cancellation))
        {
            failures.Add($"{thread.Id}: a new message after the restart was refused: {string.Join("; ", next.Refusals)}");
            return;
        }

        var runId = next.Acknowledged.Single().RunId;
        try
        {
            await replay.WaitForAsync(_ => replay.Replica.RunsFinished.ContainsKey(runId), SettleTimeout);
            if (replay.Replica.RunsFinished[runId].Status != RunStatus.Completed || !replay.Replica.Items.OfType<AssistantMessage>().Any(m => m.RunId == runId && m.Content == "echo: after the restart"))
            {
                failures.Add($"{thread.Id}: the message after the restart ended {replay.Replica.RunsFinished[runId].Status} without its echo");
            }
        }
        catch (TimeoutException)
        {
            failures.Add($"{thread.Id}: the message after the restart did not finish within {SettleTimeout.TotalSeconds} s");
            return;
        }

        // Checked last: the session's own run (chat resume) is held in memory until it starts, so a
        // snapshot can look settled before it ran; the new message's run comes after it in order.
        var final = await SettleAsync(thread.Id, cancellation);
        if (!final.Settled || !await CaughtUpAsync(replay, final.LastSeq))
        {
            failures.Add($"{thread.Id}: not settled after the message after the restart (active {final.ActiveRunId}, replay at {replay.Replica.LastSeq} of {final.LastSeq})");
            return;
        }

        CheckInvariants(thread.Id, replay.Replica, final, failures);
        figures.RunsFinishedAfterRestart += replay.Replica.RunsFinished.Keys.Count(r => !thread.Events.Replica.RunsFinished.ContainsKey(r));
    }

    /// <summary>
    /// Polls until no run is active or queued. An ask that a recovered queued run asked is answered,
    /// as a user would: the run waits for it, by design.
    /// </summary>
    private async Task<ThreadSnapshot> SettleAsync(string threadId, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        var answered = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var snapshot = await ThreadSnapshot.GetAsync(client, threadId, cancellation);
            if (snapshot.Settled || DateTime.UtcNow > deadline)
            {
                return snapshot;
            }

            foreach (var ask in snapshot.Items.OfType<AskItem>().Where(a => a.Status == ItemStatus.Pending && answered.Add(a.Id)))
            {
                using var response = await client.Http.PostAsJsonAsync($"/api/threads/{threadId}/asks/{ask.Id}/answer", new { content = "42" }, cancellation);
                figures.AsksAnsweredAfterRestart += response.IsSuccessStatusCode ? 1 : 0;
            }

            await Task.Delay(50, cancellation);
        }
    }

    private static async Task<bool> CaughtUpAsync(SseReader replay, long lastSeq)
    {
        try
        {
            await replay.WaitForAsync(_ => replay.Replica.LastSeq >= lastSeq, SettleTimeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Every event the client saw is stored with the same seq and the same JSON (a delta may have been compacted away).</summary>
    private void CompareSeenEvents(WatchedThread thread, SseReader replay, List<string> failures)
    {
        var stored = new WatchedThread(thread.Id, replay).SeenBySeq();
        var seen = thread.SeenBySeq();
        figures.EventsSeen += seen.Count;
        foreach (var (seq, (evt, json)) in seen)
        {
            if (stored.TryGetValue(seq, out var kept))
            {
                if (evt is ItemDeltaEvent delta && kept.Event is ItemDeltaEvent merged && Covers(merged, delta))
                {
                    // Stored merged with the deltas before it (protocol.md, "Merging"): the same text ends at the same place.
                    figures.DeltasCompacted += merged.Text.Length > delta.Text.Length ? 1 : 0;
                }
                else if (kept.Json != json)
                {
                    failures.Add($"{thread.Id}: seq {seq} changed after the restart: seen {Short(json)}, stored {Short(kept.Json)}");
                }
            }
            else if (evt is ItemDeltaEvent)
            {
                // Stored deltas are compacted (protocol.md): the item's text, checked below, covers them.
                figures.DeltasCompacted++;
            }
            else
            {
                failures.Add($"{thread.Id}: seq {seq} ({evt.GetType().Name}) seen by the client is not stored after the restart: {Short(json)}");
            }
        }
    }

    private static bool Covers(ItemDeltaEvent merged, ItemDeltaEvent delta) =>
        merged.ItemId == delta.ItemId && merged.Field == delta.Field && merged.RunId == delta.RunId && merged.At == delta.At
        && merged.Offset <= delta.Offset && merged.Text.EndsWith(delta.Text, StringComparison.Ordinal)
        && merged.Offset + merged.Text.Length == delta.Offset + delta.Text.Length;

    /// <summary>Text the client saw streamed is still there: the stored text starts with it.</summary>
    private static void CompareSeenText(WatchedThread thread, ThreadSnapshot settled, List<string> failures)
    {
        var stored = settled.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var item in thread.Events.Replica.Items)
        {
            if (!stored.TryGetValue(item.Id, out var kept))
            {
                failures.Add($"{thread.Id}: {item.GetType().Name} {item.Id} seen by the client is gone after the restart");
                continue;
            }

            foreach (var field in Enum.GetValues<ItemField>())
            {
                var seenText = item.GetText(field) ?? "";
                var keptText = kept.GetText(field) ?? "";
                if (!keptText.StartsWith(seenText, StringComparison.Ordinal))
                {
                    failures.Add($"{thread.Id}: {item.Id}.{field} lost text: seen {seenText.Length} chars, stored {keptText.Length} ('{Short(keptText)}')");
                }
            }
        }
    }

    /// <summary>Every message answered 202 is there exactly once and its run finished (completed, or interrupted when it was running).</summary>
    private void CheckAcknowledged(WatchedThread thread, ThreadSnapshot settled, ThreadReplica replay, List<string> failures)
    {
        var byClientId = settled.Items.OfType<UserMessage>().Where(m => m.ClientId is not null).GroupBy(m => m.ClientId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var duplicate in byClientId.Where(p => p.Value > 1))
        {
            failures.Add($"{thread.Id}: the message with clientId {duplicate.Key} is there {duplicate.Value} times");
        }

        foreach (var message in thread.Acknowledged)
        {
            figures.MessagesAcknowledged++;
            figures.QueuedAtFault += message.Queued && !thread.Events.Replica.RunsStarted.ContainsKey(message.RunId) ? 1 : 0;
            if (byClientId.GetValueOrDefault(message.ClientId) != 1)
            {
                failures.Add($"{thread.Id}: acknowledged message '{message.Content}' (clientId {message.ClientId}) is there {byClientId.GetValueOrDefault(message.ClientId)} times");
            }

            if (!replay.RunsFinished.TryGetValue(message.RunId, out var finished))
            {
                failures.Add($"{thread.Id}: the run {message.RunId} of acknowledged message '{message.Content}' never finished");
            }
            else if (finished.Status is not (RunStatus.Completed or RunStatus.Interrupted))
            {
                failures.Add($"{thread.Id}: the run {message.RunId} of acknowledged message '{message.Content}' ended {finished.Status} ({finished.Error?.Message})");
            }
        }
    }

    private void CheckInvariants(string threadId, ThreadReplica replay, ThreadSnapshot settled, List<string> failures)
    {
        failures.AddRange(replay.Violations.Select(v => $"{threadId}: replay: {v}"));
        if (replay.HasGap)
        {
            failures.Add($"{threadId}: replay: a delta's offset was past the text");
        }

        failures.AddRange(replay.DuplicateRunFinished.Select(r => $"{threadId}: run {r} finished twice"));
        failures.AddRange(replay.RunsStarted.Where(p => p.Value != 1).Select(p => $"{threadId}: run {p.Key} started {p.Value} times"));
        failures.AddRange(replay.RunsStarted.Keys.Where(r => !replay.RunsFinished.ContainsKey(r)).Select(r => $"{threadId}: run {r} started and never finished"));
        failures.AddRange(settled.Items.Where(i => i.Status.IsOpen()).Select(i => $"{threadId}: {i.GetType().Name} {i.Id} is {i.Status} once settled"));
        figures.RunsInterrupted += replay.RunsFinished.Values.Count(f => f.Status == RunStatus.Interrupted);
        var storedItems = settled.Items.Select(ParleyJson.SerializeItem).ToList();
        var replayedItems = replay.Items.Select(ParleyJson.SerializeItem).ToList();
        if (!storedItems.SequenceEqual(replayedItems, StringComparer.Ordinal))
        {
            failures.Add($"{threadId}: the replay from after=0 does not rebuild the snapshot ({replayedItems.Count} items vs {storedItems.Count})");
        }
    }

    internal static string Short(string text) => text.Length <= 240 ? text : text[..240] + "…";
}
