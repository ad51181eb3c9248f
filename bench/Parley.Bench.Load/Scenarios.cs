using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Load;

/// <summary>The four measured targets. Each runs against a fresh server process with SQLite on.</summary>
internal static class Scenarios
{
    /// <summary>
    /// N threads streaming R deltas/s each (in bursts every 10 ms above 100/s, as model tokens arrive),
    /// one subscriber each: latency append → receipt, and delta events delivered per second.
    /// </summary>
    public static async Task<string> LatencyAsync(int threads, int rate, int seconds, string label = "latency")
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = new BenchClient(server.BaseAddress);
        await client.InitializeAsync();
        var ids = await client.CreateThreadsAsync(threads);
        using var stop = new CancellationTokenSource();
        var streams = ids.Select(_ => new EventStream()).ToArray();
        var latency = new LatencyHistogram();
        var readers = ids.Select((id, i) => streams[i].RunAsync(client.Http, id, 0, latency, stop.Token)).ToArray();
        await Task.WhenAll(streams.Select(s => s.Connected));
        await WaitAsync(() => streams.All(s => s.RunsFinished >= 1), TimeSpan.FromMinutes(2));

        var warmUp = TimeSpan.FromSeconds(Math.Min(5, seconds / 4.0));
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        foreach (var s in streams)
        {
            s.MeasureFromTimestamp = measureFrom;
        }

        var cpuBefore = server.CpuTime();
        var started = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
            await client.SendAsync(id, $"stream {rate * seconds} {rate}"));
        await WaitAsync(() => streams.All(s => s.RunsFinished >= 2), TimeSpan.FromSeconds(seconds * 4 + 60));
        var elapsed = started.Elapsed;
        var cpu = server.CpuTime() - cpuBefore;
        var deltas = streams.Sum(s => s.Deltas);
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));

        return Row(
            $"{label}: {threads} threads × {rate:N0} deltas/s × {seconds} s, one subscriber each",
            $"p50 {latency.Percentile(0.50):F1} ms, p99 {latency.Percentile(0.99):F1} ms, p99.9 {latency.Percentile(0.999):F1} ms, max {latency.MaxMs:F1} ms " +
            $"({latency.Count:N0} deltas measured after a {warmUp.TotalSeconds:F0} s warm-up); {deltas:N0} deltas in {elapsed.TotalSeconds:F1} s " +
            $"= {deltas / elapsed.TotalSeconds:N0}/s delivered, {streams.Sum(s => s.Reconnects)} reconnects; server CPU {cpu.TotalSeconds / elapsed.TotalSeconds * 100:F0}% of one core, RSS {Mb(server.ResidentBytes())}");
    }

    /// <summary>N idle subscribers, each on its own thread: the server's resident memory.</summary>
    public static async Task<string> IdleAsync(int subscribers)
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = new BenchClient(server.BaseAddress);
        await client.InitializeAsync();
        await Task.Delay(2000);
        var baseline = server.ResidentBytes();
        var started = Stopwatch.StartNew();
        var ids = await client.CreateThreadsAsync(subscribers, parallelism: 32);
        var created = started.Elapsed;
        using var stop = new CancellationTokenSource();
        var streams = ids.Select(_ => new EventStream()).ToArray();
        var readers = new List<Task>(subscribers);
        for (var i = 0; i < ids.Count; i++)
        {
            readers.Add(streams[i].RunAsync(client.Http, ids[i], 0, null, stop.Token));
            if (i % 200 == 199)
            {
                await Task.Delay(20);
            }
        }

        await Task.WhenAll(streams.Select(s => s.Connected)).WaitAsync(TimeSpan.FromMinutes(5));
        await WaitAsync(() => streams.All(s => s.RunsFinished >= 1), TimeSpan.FromMinutes(5));
        await Task.Delay(TimeSpan.FromSeconds(10));
        var held = server.ResidentBytes();
        var connected = streams.Count(s => s.Connected.IsCompletedSuccessfully);
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        return Row(
            $"idle: {subscribers:N0} idle subscribers, each on its own thread (live session)",
            $"server RSS **{Mb(held)}** with {connected:N0} open subscriptions (baseline {Mb(baseline)}, " +
            $"{(held - baseline) / (double)subscribers / 1024:F1} KiB per subscriber incl. its thread's session); {subscribers:N0} threads created in {created.TotalSeconds:F1} s");
    }

    /// <summary>Replaying 10,000 missed events on reconnect: time from request to the last event.</summary>
    public static async Task<string> ReplayAsync(int events, int trials)
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = new BenchClient(server.BaseAddress);
        await client.InitializeAsync();
        var threadId = await client.CreateThreadAsync();
        using (var stop = new CancellationTokenSource())
        {
            var filler = new EventStream();
            var reader = filler.RunAsync(client.Http, threadId, 0, null, stop.Token);
            await client.SendAsync(threadId, $"fill {events}");
            await WaitAsync(() => filler.RunsFinished >= 2, TimeSpan.FromMinutes(2));
            await stop.CancelAsync();
            await reader.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var timings = new List<double>();
        long received = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            using var stop = new CancellationTokenSource();
            var stream = new EventStream();
            var started = Stopwatch.StartNew();
            var reader = stream.RunAsync(client.Http, threadId, 0, null, stop.Token);
            await WaitAsync(() => stream.RunsFinished >= 2, TimeSpan.FromMinutes(1), spin: true);
            timings.Add(started.Elapsed.TotalMilliseconds);
            received = stream.Events;
            await stop.CancelAsync();
            await reader.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        timings.Sort();
        return Row(
            $"replay: reconnect with {received:N0} missed events (after=0), {trials} trials",
            $"p50 **{timings[timings.Count / 2]:F0} ms**, p99 {timings[(int)Math.Ceiling(timings.Count * 0.99) - 1]:F0} ms, best {timings[0]:F0} ms (request to last event received)");
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, bool spin = false)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException("The scenario did not finish in time.");
            }

            await Task.Delay(spin ? 1 : 50);
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB";

    private static string Row(string what, string result) => $"| {what} | {result} |";
}
