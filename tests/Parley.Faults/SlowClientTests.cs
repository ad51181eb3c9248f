using System.Diagnostics;
using System.Globalization;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 6 — slow and hostile clients, against the test app as its own process. A
/// subscriber that never reads (a raw socket with a tiny receive buffer) on a thread streaming a long
/// reply slows neither that thread nor another one, the server lets go of it, and its memory does not
/// grow with the reply; subscriptions opened and dropped by the thousand leak no handle, thread or
/// memory. <c>PARLEY_FAULT_TRIALS</c> and <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class SlowClientTests(ITestOutputHelper output) : IDisposable
{
    private const string LongReply = "long 30000";
    private const int LongReplyTokens = 30_000;
    private const string PacedReply = "stream 60 10";
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-").FullName;

    [Fact]
    public async Task StalledSubscriber_OnLongReply_OtherThreadsKeepPaceAndServerLetsGo()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(defaultTrials: 1);
        output.WriteLine($"scenario 6 (slow clients, stalled subscriber): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials}");
        var random = new Random(seed);
        await using var app = await TestAppProcess.StartAsync(_data, "--diagnostics", "true");
        using var client = new ParleyClient(app.BaseAddress);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var trial = 0; trial < trials; trial++)
        {
            var longThread = await client.CreateThreadAsync();
            var pacedThread = await client.CreateThreadAsync();
            await Task.Delay(500); // the greetings

            var baseline = await RaceAsync(app, client, longThread, pacedThread);
            var receiveBuffer = random.Next(1, 9) * 512;
            using var stalled = await RawEventStream.OpenAsync(app.BaseAddress, client.Cookies.GetCookieHeader(app.BaseAddress), longThread, (await client.GetThreadAsync(longThread)).LastSeq, receiveBuffer, CancellationToken.None);
            var hostile = await RaceAsync(app, client, longThread, pacedThread); // the stalled socket open, unread, all along
            output.WriteLine($"trial {trial}: without the stalled subscriber {baseline}");
            output.WriteLine($"trial {trial}: with a subscriber that never reads ({receiveBuffer} B receive buffer) {hostile}");

            // Another thread's paced reply, and the long reply itself, keep their pace (generous: the box is shared).
            if (hostile.Paced > (baseline.Paced * 3) + TimeSpan.FromSeconds(1))
            {
                failures.Add($"trial {trial}: the other thread's reply took {hostile.Paced.TotalSeconds:F2} s, {baseline.Paced.TotalSeconds:F2} s without the stalled subscriber");
            }

            if (hostile.Long > (baseline.Long * 3) + TimeSpan.FromSeconds(2))
            {
                failures.Add($"trial {trial}: the long reply took {hostile.Long.TotalSeconds:F2} s, {baseline.Long.TotalSeconds:F2} s without the stalled subscriber");
            }

            // Memory bounded by the per-subscriber buffer, not by the reply: a generous margin over the baseline's peak.
            if (hostile.PeakRss > baseline.PeakRss + (64L << 20))
            {
                failures.Add($"trial {trial}: peak RSS {Mib(hostile.PeakRss)} with the stalled subscriber, {Mib(baseline.PeakRss)} without");
            }

            // What the race left on the heap, the stalled subscriber still open and unread: what the reply
            // itself leaves (the baseline's increase) plus at most the subscriber's buffer, never the
            // reply's frames (30,000 deltas of ~250 bytes: ~7 MiB).
            if (hostile.HeapGrowth > baseline.HeapGrowth + (4L << 20))
            {
                failures.Add($"trial {trial}: the race left {Mib(hostile.HeapGrowth)} more on the managed heap with the stalled subscriber, {Mib(baseline.HeapGrowth)} without");
            }

            // The server let go of the stalled subscriber: draining its socket now ends (EOF or reset) short
            // of the whole reply. What it can still read is the subscriber buffer (SubscriberBufferSize,
            // 8,192 events) plus what the kernel's socket buffers hold (at most tcp_wmem's 4 MiB, ~16,000
            // events of this reply): under the reply's 30,000 unless the server buffered without bound.
            var drained = await DrainAsync(stalled, TimeSpan.FromSeconds(30));
            output.WriteLine($"trial {trial}: the stalled subscriber, drained afterwards: {drained.Frames} frames, {drained.Bytes / 1024} KiB, then {(drained.Ended ? "the server's end of stream" : "nothing for 30 s")}");
            if (!drained.Ended)
            {
                failures.Add($"trial {trial}: the server still holds the stalled subscription 30 s after the reply ({drained.Frames} frames readable)");
            }
            else if (drained.Frames >= LongReplyTokens)
            {
                failures.Add($"trial {trial}: the stalled subscriber received the whole reply ({drained.Frames} frames): the server buffered it all for a client that never read");
            }
        }

        output.WriteLine($"scenario 6 (slow clients, stalled subscriber): seed {seed}, trials {trials}, failures {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var failure in failures)
        {
            output.WriteLine("FAIL " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures in {trials} trials (seed {seed}):\n" + string.Join("\n", failures.Take(5)));
    }

    /// <summary>Starts the long reply and the paced reply together; times both to their run.finished and samples the server's RSS.</summary>
    private static async Task<RaceResult> RaceAsync(TestAppProcess app, ParleyClient client, string longThread, string pacedThread)
    {
        await using var longReader = await client.SubscribeAsync(longThread, after: (await client.GetThreadAsync(longThread)).LastSeq);
        await using var pacedReader = await client.SubscribeAsync(pacedThread, after: (await client.GetThreadAsync(pacedThread)).LastSeq);
        var heapBefore = await ServerHeap.ReadAsync(client.Http);
        var startRss = ProcessMetrics.Read(app.Pid).ResidentBytes;
        var peak = startRss;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ProcessMetrics.Read(app.Pid).ResidentBytes);
                await Task.Delay(50, CancellationToken.None);
            }
        });
        var clock = Stopwatch.StartNew();
        var longRun = (await client.SendAsync(longThread, LongReply))["runId"]!.GetValue<string>();
        var pacedRun = (await client.SendAsync(pacedThread, PacedReply))["runId"]!.GetValue<string>();
        var paced = Task.Run(async () =>
        {
            await pacedReader.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == pacedRun), TimeSpan.FromSeconds(60));
            return clock.Elapsed;
        });
        await longReader.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == longRun), TimeSpan.FromSeconds(120));
        var longTime = clock.Elapsed;
        var pacedTime = await paced;
        await sampling.CancelAsync();
        await sampler;
        return new RaceResult(longTime, pacedTime, startRss, peak, await ServerHeap.ReadAsync(client.Http) - heapBefore);
    }

    private static async Task<(int Frames, long Bytes, bool Ended)> DrainAsync(RawEventStream stream, TimeSpan quiet)
    {
        var frames = 0;
        while (true)
        {
            using var wait = new CancellationTokenSource(quiet);
            try
            {
                if (await stream.ReadFrameAsync(wait.Token) is null)
                {
                    return (frames, stream.BytesRead, true);
                }

                frames++;
            }
            catch (OperationCanceledException)
            {
                return (frames, stream.BytesRead, false);
            }
        }
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MiB");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
