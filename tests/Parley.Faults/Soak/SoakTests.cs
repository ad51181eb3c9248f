using System.Globalization;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults.Soak;

/// <summary>
/// Issue 6, scenario 8 — soak: several people use the test app (its own process, SQLite) at once
/// for <c>PARLEY_SOAK_SECONDS</c> (default 120; 1,800 by hand) with every kind of traffic. After a
/// warm-up the managed heap, RSS and handles stay flat, the reply latency's p99 stays stable, every
/// thread the users leave equals the server's snapshot, and nothing fails.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultSeconds = 120;
    private const int Users = 6;
    private const double WarmUpFraction = 0.25;
    private const long MiB = 1024 * 1024;
    private readonly string _data = Directory.CreateTempSubdirectory("parley-soak-").FullName;

    [Fact]
    public async Task Soak_MixedTraffic_MemoryHandlesAndLatencyStayFlat()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("PARLEY_SOAK_SECONDS"), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : DefaultSeconds;
        var seed = FaultRunSettings.FromEnvironment(defaultTrials: 1).Seed;
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = duration * WarmUpFraction;
        var sampleEvery = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("PARLEY_SOAK_SAMPLE_SECONDS"), CultureInfo.InvariantCulture, out var every) ? every : Math.Max(3, seconds / 24.0));
        output.WriteLine($"scenario 8 (soak): seed {seed} (PARLEY_FAULT_SEED={seed}), {seconds} s (PARLEY_SOAK_SECONDS), {Users} users, warm-up {warmUp.TotalSeconds:F0} s");

        await using var app = await TestAppProcess.StartAsync(_data, "--diagnostics", "true");
        using var probe = new HttpClient { BaseAddress = app.BaseAddress };
        var idleBefore = await SampleAsync(app, probe, TimeSpan.Zero);
        var latencies = new LatencyLog();
        var users = Enumerable.Range(0, Users).Select(i => new SoakUser(app.BaseAddress, i, seed + i, latencies)).ToList();
        using var stop = new CancellationTokenSource(duration);
        var running = users.Select(u => Task.Run(() => u.RunAsync(stop.Token))).ToList();
        var samples = new List<SoakSample>();
        while (!stop.IsCancellationRequested && !running.All(t => t.IsCompleted))
        {
            await Task.WhenAny(Task.Delay(sampleEvery), Task.WhenAll(running));
            samples.Add(await SampleAsync(app, probe, latencies.Elapsed));
        }

        await Task.WhenAll(running);
        var idleAfter = await SettledAsync(app, probe, idleBefore, latencies.Elapsed);

        var failures = users.SelectMany(u => u.Failures).ToList();
        Report(users, samples, latencies, warmUp, duration, idleBefore, idleAfter, failures.Count);
        Assert.True(failures.Count == 0, "failures:\n" + string.Join('\n', failures.Take(20)));
        Assert.False(app.HasExited, "the server exited");
        Assert.Equal("ok", await probe.GetStringAsync("/healthz"));

        var after = samples.Where(x => x.At >= warmUp).ToList();
        Assert.True(after.Count >= 4, $"only {after.Count} samples after the warm-up");
        var (early, late) = (after[..(after.Count / 2)], after[(after.Count / 2)..]);

        // Flat: the later half of the run holds no more than the earlier half plus slack for noise.
        var heapGrowth = Median(late, x => x.HeapBytes) - Median(early, x => x.HeapBytes);
        Assert.True(heapGrowth <= 3 * MiB, $"managed heap grew by {heapGrowth / (double)MiB:F1} MiB after the warm-up");
        var rssGrowth = Median(late, x => x.Process.ResidentBytes) - Median(early, x => x.Process.ResidentBytes);
        Assert.True(rssGrowth <= 48 * MiB, $"RSS grew by {rssGrowth / (double)MiB:F1} MiB after the warm-up");
        Assert.True(
            late.Max(x => x.Process.OpenHandles) <= early.Max(x => x.Process.OpenHandles) + 16,
            $"handles grew: {early.Max(x => x.Process.OpenHandles)} → {late.Max(x => x.Process.OpenHandles)}");

        // Once everyone left, the server holds what it held before anyone came, give or take its pools.
        Assert.True(idleAfter.Process.OpenHandles <= idleBefore.Process.OpenHandles + 16, $"handles idle: {idleBefore.Process} → {idleAfter.Process}");
        Assert.True(idleAfter.Process.Threads <= idleBefore.Process.Threads + 16, $"threads idle: {idleBefore.Process} → {idleAfter.Process}");

        // Stable latency: the later half's p99 within 4× the earlier half's, plus 100 ms, because in CI
        // other test assemblies share the two cores; a latency that grows with the run (history
        // read per message, a queue that never drains) breaks that within minutes.
        var middle = warmUp + ((duration - warmUp) / 2);
        var earlyP99 = latencies.Percentile("reply", 99, warmUp, middle);
        var lateP99 = latencies.Percentile("reply", 99, middle, duration + TimeSpan.FromMinutes(1));
        Assert.True(lateP99 <= (4 * earlyP99) + 100, $"reply p99 drifted: {earlyP99:F1} → {lateP99:F1} ms");
    }

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

    private static async Task<SoakSample> SampleAsync(TestAppProcess app, HttpClient probe, TimeSpan at)
    {
        var heap = await ServerHeap.ReadAsync(probe);
        return new SoakSample(at, ProcessMetrics.Read(app.Pid), heap);
    }

    // Closed connections, idle pool entries and idle pool threads (retired after ~20 s) take a moment
    // to go: wait up to 45 s for handles and threads to settle.
    private static async Task<SoakSample> SettledAsync(TestAppProcess app, HttpClient probe, SoakSample before, TimeSpan at)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var sample = await SampleAsync(app, probe, at);
            var settled = sample.Process.OpenHandles <= before.Process.OpenHandles + 16 && sample.Process.Threads <= before.Process.Threads + 16;
            if (settled || DateTime.UtcNow > deadline)
            {
                return sample;
            }

            await Task.Delay(500);
        }
    }

    private void Report(List<SoakUser> users, List<SoakSample> samples, LatencyLog latencies, TimeSpan warmUp, TimeSpan duration, SoakSample idleBefore, SoakSample idleAfter, int failures)
    {
        output.WriteLine($"operations {users.Sum(u => u.Operations)}, threads {users.Sum(u => u.Threads)}, failures {failures}");
        output.WriteLine($"idle before: {idleBefore.Process}, heap {idleBefore.HeapBytes / (double)MiB:F1} MiB; idle after: {idleAfter.Process}, heap {idleAfter.HeapBytes / (double)MiB:F1} MiB");
        foreach (var sample in samples)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sample.At.TotalSeconds,6:F0} s  heap {sample.HeapBytes / (double)MiB,6:F1} MiB  {sample.Process}"));
        }

        var end = duration + TimeSpan.FromMinutes(1);
        foreach (var kind in new[] { "ack", "reply", "stream", "answer", "action", "stop", "attachment", "snapshot" })
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {kind,-10} n={latencies.Count(kind, warmUp, end),6}  p50 {latencies.Percentile(kind, 50, warmUp, end),7:F1} ms  p99 {latencies.Percentile(kind, 99, warmUp, end),7:F1} ms"));
        }

        var window = (duration - warmUp) / 6;
        for (var from = warmUp; from < duration; from += window)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  reply p99 [{from.TotalSeconds:F0}, {(from + window).TotalSeconds:F0}) s: {latencies.Percentile("reply", 99, from, from + window):F1} ms"));
        }
    }

    private static long Median(List<SoakSample> samples, Func<SoakSample, long> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
