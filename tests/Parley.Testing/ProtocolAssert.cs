namespace Parley.Testing;

/// <summary>Checks of the protocol's invariants on what a client reconstructed.</summary>
public static class ProtocolAssert
{
    /// <summary>
    /// Every run that started finished exactly once; no item of a finished run is in progress and no
    /// ask of one is pending; seqs only increased and no delta left a gap.
    /// </summary>
    public static void Invariants(ThreadReplica replica)
    {
        Assert.Empty(replica.Violations);
        Assert.False(replica.HasGap, "a delta's offset was past the text the client had");
        Assert.Empty(replica.DuplicateRunFinished);
        foreach (var (runId, finished) in replica.RunsFinished)
        {
            var open = replica.Items.Where(i => i.RunId == runId && i.Status.IsOpen()).ToList();
            Assert.True(open.Count == 0, $"run {runId} finished {finished.Status} with open items: {string.Join(", ", open.Select(i => $"{i.GetType().Name}/{i.Status}"))}");
        }

        foreach (var runId in replica.RunsStarted.Keys)
        {
            Assert.True(replica.RunsStarted[runId] == 1, $"run {runId} started {replica.RunsStarted[runId]} times");
        }
    }

    /// <summary>Two item lists are the same on the wire (records compare lists by reference, JSON does not).</summary>
    public static void SameItems(IEnumerable<ChatItem> expected, IEnumerable<ChatItem> actual) =>
        Assert.Equal(expected.Select(Serialization.ParleyJson.SerializeItem), actual.Select(Serialization.ParleyJson.SerializeItem));

    /// <summary>The same as <see cref="Invariants"/>, and every started run has finished.</summary>
    public static void AllRunsFinished(ThreadReplica replica)
    {
        Invariants(replica);
        var unfinished = replica.RunsStarted.Keys.Where(r => !replica.RunsFinished.ContainsKey(r)).ToList();
        Assert.True(unfinished.Count == 0, "runs without run.finished: " + string.Join(", ", unfinished));
    }
}
