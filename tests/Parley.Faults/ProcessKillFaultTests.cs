using System.Diagnostics;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 2 — process kill: SIGKILL at a random moment while a stream is mid-step, an ask
/// is pending, messages are queued and a burst over many threads is being committed; then a restart
/// on the same database. Every run finished, nothing in progress or pending, every acknowledged
/// message there exactly once and its run finished, every event the client saw stored with the same
/// seq, and every thread takes a new message. <c>PARLEY_FAULT_TRIALS</c> (default 4) and
/// <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class ProcessKillFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultTrials = 4;
    private static readonly string[] KillPointKinds = ["mid-stream", "mid-step", "ask pending", "message queued", "group commit"];
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-kill-").FullName;

    [Fact]
    public async Task Kill_AtRandomPoints_RestartLosesNothing()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(DefaultTrials);
        output.WriteLine($"scenario 2 (process kill): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials}");
        var random = new Random(seed);
        var figures = new RecoveryFigures();
        var failures = new List<string>();
        var killPoints = KillPointKinds.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var app = await TestAppProcess.StartAsync(_data);
        var client = new ParleyClient(app.BaseAddress);
        try
        {
            for (var trial = 0; trial < trials; trial++)
            {
                var activities = new TrialActivities(client);
                await activities.StartAsync(random, faultAfterMs: (150, 1500));
                var delay = activities.FaultDelay;
                await Task.Delay(delay);
                var points = activities.KillPointsNow();
                await app.KillAsync();
                await activities.DisposeAsync();
                foreach (var point in points)
                {
                    killPoints[point]++;
                }

                var restart = Stopwatch.StartNew();
                await app.DisposeAsync();
                app = await TestAppProcess.StartAsync(_data);
                figures.RestartSeconds.Add(restart.Elapsed.TotalSeconds);
                var restarted = client.WithSameIdentity(app.BaseAddress);
                client.Dispose();
                client = restarted;

                var label = $"trial #{trial} (kill {TrialActivities.Ms(delay)} after the start; {activities.Description}; at: {string.Join(", ", points)})";
                var found = await CheckTrialAsync(client, activities.Threads, figures);
                failures.AddRange(found.Select(f => $"{label}: {f}"));
                output.WriteLine($"{label}: {found.Count} failures");
            }
        }
        finally
        {
            client.Dispose();
            await app.DisposeAsync();
        }

        clock.Stop();
        output.WriteLine($"scenario 2 (process kill): seed {seed}, trials {trials}, failures {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(figures.ToString());
        output.WriteLine("kill points hit (client's view): " + string.Join(", ", killPoints.Select(p => $"{p.Key} {p.Value}")));
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("FAIL " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures in {trials} trials (seed {seed}):\n" + string.Join("\n", failures.Take(5)));
        if (trials >= DefaultTrials)
        {
            // A kill that never lands where it is meant to proves nothing about that point.
            Assert.All(killPoints, p => Assert.True(p.Value > 0, $"no trial killed the app at '{p.Key}' (seed {seed})"));
        }
    }

    /// <summary>Recovery first for every thread (before anything begins a session), then each thread's replay.</summary>
    internal static async Task<List<string>> CheckTrialAsync(ParleyClient client, IReadOnlyList<WatchedThread> threads, RecoveryFigures figures)
    {
        var failures = new List<string>();
        var check = new RecoveryCheck(client, figures);
        var missing = new List<WatchedThread>();
        figures.Threads += threads.Count;
        foreach (var thread in threads)
        {
            failures.AddRange(thread.Refusals.Select(r => "refused before the fault: " + r));
            if (await check.CheckRecoveredAsync(thread, failures, CancellationToken.None) is null)
            {
                missing.Add(thread);
            }
        }

        threads = [.. threads.Except(missing)];
        // In parallel, each with its own figures (added up after), as a restart resumes every session at once.
        var perThread = threads.Select(_ => (Failures: new List<string>(), Figures: new RecoveryFigures())).ToList();
        await Task.WhenAll(threads.Select((thread, i) => new RecoveryCheck(client, perThread[i].Figures).CheckReplayAsync(thread, perThread[i].Failures, CancellationToken.None)));
        foreach (var (found, counted) in perThread)
        {
            failures.AddRange(found);
            figures.Add(counted);
        }
        return failures;
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
