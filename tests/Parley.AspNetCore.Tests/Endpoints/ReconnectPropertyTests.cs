using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

/// <summary>
/// Disconnect and reconnect with Last-Event-ID at random points of long streams, hundreds of times:
/// the client must always end up with exactly the server's state, and see seqs only increase.
/// </summary>
public sealed class ReconnectPropertyTests
{
    private const int Trials = 300;
    private const int Parallelism = 6;

    [Fact]
    public async Task Events_RandomDisconnectsWithLastEventId_AlwaysReconstructServerStateExactly()
    {
        await using var server = await ParleyServer.StartAsync(EventStreamTests.Streaming(delayEvery: 25));
        using var client = server.NewClient();

        // One identity for all trials: the first request gets the cookie, as the UI's first call does.
        (await client.Http.GetAsync("/api/app")).EnsureSuccessStatusCode();
        var failures = new List<string>();
        var reconnects = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, Trials), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (trial, _) =>
        {
            try
            {
                Interlocked.Add(ref reconnects, await RunTrialAsync(client, new Random(trial)));
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add($"trial {trial}: {ex.Message}");
                }
            }
        });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(reconnects > Trials, $"only {reconnects} reconnects in {Trials} trials");
    }

    private static async Task<int> RunTrialAsync(ParleyClient client, Random random)
    {
        var threadId = await client.CreateThreadAsync();
        var tokens = random.Next(200, 1500);
        var runId = (await client.SendAsync(threadId, tokens.ToString(System.Globalization.CultureInfo.InvariantCulture)))["runId"]!.GetValue<string>();
        var replica = new ThreadReplica();
        var connections = 0;
        while (!replica.RunsFinished.ContainsKey(runId))
        {
            connections++;
            var from = replica.LastSeq;
            await using var reader = await client.SubscribeAsync(threadId, lastEventId: from, replica: replica);
            var target = random.Next(1, 60);
            try
            {
                await reader.WaitForAsync(e => e.Count(x => x is ThreadEvent) >= target || replica.RunsFinished.ContainsKey(runId), TimeSpan.FromSeconds(20));
            }
            finally
            {
                // Seqs on one connection only increase, and start after what the client had.
                var seqs = reader.Events.OfType<ThreadEvent>().Select(e => e.Seq).ToList();
                Assert.True(seqs.Count == 0 || seqs[0] > from, $"first seq {seqs.FirstOrDefault()} not after Last-Event-ID {from}");
                Assert.True(seqs.SequenceEqual(seqs.Order()) && seqs.Distinct().Count() == seqs.Count, "seqs not strictly increasing");
            }
        }

        var view = await client.GetThreadAsync(threadId);
        Assert.Equal(view.LastSeq, replica.LastSeq);
        ProtocolAssert.SameItems(view.Items, replica.Items);
        ProtocolAssert.AllRunsFinished(replica);
        return connections - 1;
    }
}
