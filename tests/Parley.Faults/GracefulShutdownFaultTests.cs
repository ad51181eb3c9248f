using System.Diagnostics;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 3 — graceful shutdown: SIGTERM at a random moment while a stream is mid-step,
/// an ask is pending, messages are queued and a burst over many threads is being sent. Before the
/// process exits (within the host's shutdown timeout) every run the client saw start finished,
/// interrupted ones with a visible error, a pending ask expired with a reason; after a restart the
/// store agrees with what the client saw (nothing recovered as after a crash), queued messages
/// are there and run, and every thread takes a new message. <c>PARLEY_FAULT_TRIALS</c> (default 3)
/// and <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class GracefulShutdownFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultTrials = 3;

    // The host's default HostOptions.ShutdownTimeout: the test app does not change it.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-term-").FullName;

    [Fact]
    public async Task Terminate_MidRun_RunsInterruptedVisiblyBeforeExitNothingLost()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(DefaultTrials);
        output.WriteLine($"scenario 3 (graceful shutdown): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials}");
        var random = new Random(seed);
        var figures = new RecoveryFigures();
        var failures = new List<string>();
        var exitSeconds = new List<double>();
        var refusedWhileShuttingDown = 0;
        var clock = Stopwatch.StartNew();
        var app = await TestAppProcess.StartAsync(_data);
        var client = new ParleyClient(app.BaseAddress);
        try
        {
            for (var trial = 0; trial < trials; trial++)
            {
                var activities = new TrialActivities(client);
                await activities.StartAsync(random, faultAfterMs: (300, 1500));
                var delay = activities.FaultDelay;
                await Task.Delay(delay);
                var points = activities.KillPointsNow();
                var label = $"trial #{trial} (SIGTERM {TrialActivities.Ms(delay)} after the start; {activities.Description}; at: {string.Join(", ", points)})";
                var found = new List<string>();

                var exit = Stopwatch.StartNew();
                var exited = await app.TerminateAsync(ShutdownTimeout);
                exitSeconds.Add(exit.Elapsed.TotalSeconds);
                if (!exited)
                {
                    found.Add($"the process had not exited {ShutdownTimeout.TotalSeconds} s after SIGTERM");
                }
                else if (app.ExitCode != 0)
                {
                    found.Add($"exit code {app.ExitCode} after SIGTERM: {string.Join(" | ", app.RecentOutput.TakeLast(5))}");
                }

                await WaitStreamsEndedAsync(activities.Threads);
                await activities.DisposeAsync();
                foreach (var thread in activities.Threads)
                {
                    ShutdownCheck.CheckSeenBeforeExit(thread, found);
                    refusedWhileShuttingDown += thread.RefusedWhileShuttingDown;
                }

                var restart = Stopwatch.StartNew();
                await app.DisposeAsync();
                app = await TestAppProcess.StartAsync(_data);
                figures.RestartSeconds.Add(restart.Elapsed.TotalSeconds);
                var restarted = client.WithSameIdentity(app.BaseAddress);
                client.Dispose();
                client = restarted;

                var recovery = new RecoveryCheck(client, new RecoveryFigures());
                foreach (var thread in activities.Threads)
                {
                    if (await recovery.CheckRecoveredAsync(thread, [], CancellationToken.None) is { } snapshot)
                    {
                        ShutdownCheck.CheckStoredAfterRestart(thread, snapshot, found);
                    }
                }

                found.AddRange(await ProcessKillFaultTests.CheckTrialAsync(client, activities.Threads, figures));
                failures.AddRange(found.Select(f => $"{label}: {f}"));
                output.WriteLine($"{label}: exit after {exitSeconds[^1]:F2} s, {found.Count} failures");
            }
        }
        finally
        {
            client.Dispose();
            await app.DisposeAsync();
        }

        clock.Stop();
        output.WriteLine($"scenario 3 (graceful shutdown): seed {seed}, trials {trials}, failures {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"exit after SIGTERM: {exitSeconds.Average():F2} s on average, max {exitSeconds.Max():F2} s (bound {ShutdownTimeout.TotalSeconds} s); messages refused 503 shutting_down {refusedWhileShuttingDown}");
        output.WriteLine(figures.ToString());
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("FAIL " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures in {trials} trials (seed {seed}):\n" + string.Join("\n", failures.Take(5)));
        Assert.True(figures.RunsInterrupted > 0, $"no run was running at any SIGTERM (seed {seed}): the trials proved nothing");
    }

    /// <summary>The server closes every stream as it shuts down; what arrived before the exit is what the client saw.</summary>
    private static async Task WaitStreamsEndedAsync(IReadOnlyList<WatchedThread> threads)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (threads.Any(t => !t.Events.Ended) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
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
