using Parley.Serialization;

namespace Parley.Faults;

/// <summary>
/// A graceful shutdown's invariants for one thread: what the client saw live before the process
/// exited, and what the restarted process has stored before anything begins a session.
/// </summary>
internal static class ShutdownCheck
{
    /// <summary>
    /// Before the exit the client saw every run it saw start finish (interrupted, with an error item,
    /// when it was still running), nothing left in progress, and a pending ask expire with a reason.
    /// </summary>
    public static void CheckSeenBeforeExit(WatchedThread thread, List<string> failures)
    {
        var replica = thread.Events.Replica;
        foreach (var runId in replica.RunsStarted.Keys.Where(r => !replica.RunsFinished.ContainsKey(r)))
        {
            failures.Add($"{thread.Id}: run {runId} started and the client saw no run.finished before the exit");
        }

        foreach (var (runId, finished) in replica.RunsFinished.Where(p => p.Value.Status == RunStatus.Interrupted))
        {
            var error = replica.Items.OfType<ErrorItem>().FirstOrDefault(e => e.RunId == runId);
            if (error is null || error.Code != ChatErrorCodes.Interrupted || finished.Error is null)
            {
                failures.Add($"{thread.Id}: run {runId} ended interrupted without a visible explanation (error item: {error?.Code ?? "none"}, run.finished error: {finished.Error?.Code ?? "none"})");
            }
        }

        foreach (var open in replica.Items.Where(i => i.Status.IsOpen()))
        {
            failures.Add($"{thread.Id}: {open.GetType().Name} {open.Id} of run {open.RunId} was still {open.Status} when the process exited");
        }

        foreach (var ask in replica.Items.OfType<AskItem>().Where(a => a.Status == ItemStatus.Expired && a.ExpiredReason is null))
        {
            failures.Add($"{thread.Id}: ask {ask.Id} expired without a reason");
        }
    }

    /// <summary>
    /// After the restart, before a session begins: every item the client saw is stored exactly as it
    /// saw it, and no run had to be recovered as after a crash (an error item the client never saw).
    /// </summary>
    public static void CheckStoredAfterRestart(WatchedThread thread, ThreadSnapshot snapshot, List<string> failures)
    {
        var stored = snapshot.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var seen = thread.Events.Replica;
        foreach (var item in seen.Items)
        {
            if (!stored.TryGetValue(item.Id, out var kept))
            {
                failures.Add($"{thread.Id}: {item.GetType().Name} {item.Id} seen before the exit is not stored");
            }
            else if (ParleyJson.SerializeItem(kept) is var keptJson && keptJson != ParleyJson.SerializeItem(item))
            {
                failures.Add($"{thread.Id}: {item.Id} differs after the restart: seen {RecoveryCheck.Short(ParleyJson.SerializeItem(item))}, stored {RecoveryCheck.Short(keptJson)}");
            }
        }

        var seenIds = seen.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var error in snapshot.Items.OfType<ErrorItem>().Where(e => !seenIds.Contains(e.Id)))
        {
            failures.Add($"{thread.Id}: error item the client never saw (recovered as after a crash?): run {error.RunId} {error.Code} '{error.Message}'");
        }
    }
}
