using System.Diagnostics;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 1 — connection drops: clients subscribed to threads that stream steps and
/// replies or ask questions lose their connection at seeded random points (reset, half-open with or
/// without a FIN, stalled reading), then reconnect with <c>Last-Event-ID</c> onto the replica they
/// kept. After every trial the replica equals the server's snapshot, the reply's text is exact (no
/// token duplicated or missing), seqs only increase on every stream, and the run finished although
/// half-open connections were never closed. <c>PARLEY_FAULT_TRIALS</c> (default 100) and
/// <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class ConnectionDropTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultTrials = 100;
    private const int Threads = 4;
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-").FullName;

    [Fact]
    public async Task Drops_AtRandomPointsOfRunsThenReconnect_ReplicaEqualsServerNothingDuplicatedOrMissing()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(DefaultTrials);
        output.WriteLine($"scenario 1 (connection drops): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials}, {Threads} threads at once");

        await using var app = await TestAppProcess.StartAsync(_data);
        using var client = new ParleyClient(app.BaseAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var statistics = new DropStatistics();
        var workers = Enumerable.Range(0, Threads).Select(w => new DropWorker(client, app.BaseAddress, new Random(seed + (w * 7919)), statistics)).ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(cancel.Token);
        }

        var before = ProcessMetrics.Read(app.Pid);
        var clock = Stopwatch.StartNew();

        // Trial i runs on worker i % Threads, so a seed gives every worker the same choices again.
        await Task.WhenAll(workers.Select(async (worker, w) =>
        {
            for (var trial = w; trial < trials; trial += Threads)
            {
                await worker.RunTrialAsync(trial, cancel.Token);
            }
        }));
        clock.Stop();

        var halfOpen = workers.Sum(w => w.HalfOpenCount);
        var withHalfOpen = ProcessMetrics.Read(app.Pid);
        foreach (var worker in workers)
        {
            worker.CloseHalfOpen();
        }

        var failures = workers.SelectMany(w => w.Failures).ToList();
        if (app.HasExited)
        {
            failures.Add("the server exited: " + string.Join('\n', app.RecentOutput.TakeLast(20)));
        }

        output.WriteLine($"scenario 1 (connection drops): seed {seed}, trials {trials}, failures {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(statistics.ToString());
        output.WriteLine($"server before the trials: {before}; after, with {halfOpen} half-open connections still open: {withHalfOpen}");
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("FAIL " + failure);
        }

        Assert.True(statistics.Drops >= trials, $"only {statistics.Drops} drops in {trials} trials");
        Assert.True(failures.Count == 0, $"{failures.Count} failures in {trials} trials (seed {seed}):\n" + string.Join("\n", failures.Take(5)));
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
}
