using System.Diagnostics;
using System.Net;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 4 — handler faults: the app throws at every point of a run and of the hooks around
/// it (construction, chat start, before the first token, mid-stream, in a step, in an ask, in
/// OnStreamCancelled, OnStop, OnError, OnChatEnd, OnChatResume). After every trial: exactly one
/// <c>run.finished</c> per run, live and stored; a visible error item with a safe message; nothing
/// left open; nothing of the exception reaches the client; the thread answers the next message.
/// <c>PARLEY_FAULT_TRIALS</c> (default 60) and <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class HandlerFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultTrials = 60;
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-").FullName;

    [Fact]
    public async Task HandlerFaults_EveryPoint_OneRunFinishedSafeErrorThreadUsable()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(DefaultTrials);
        output.WriteLine($"scenario 4 (handler faults): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials}");
        await using var app = await TestAppProcess.StartAsync(_data, "--faults", "true");
        using var client = new ParleyClient(app.BaseAddress);
        var trial = new HandlerFaultTrial(client, new Random(seed));
        var failures = new List<string>();
        var points = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < trials; i++)
        {
            string? failure;
            try
            {
                failure = await trial.RunAsync(i);
            }
            catch (Exception e) when (e is TimeoutException or HttpRequestException or Xunit.Sdk.XunitException or InvalidOperationException)
            {
                failure = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
                trial.SharedThread = null;
            }

            var point = trial.Description.Split(' ')[0] is "throw-at" ? trial.Description.Split(' ')[1] : trial.Description.Split(' ')[0];
            points[point] = points.GetValueOrDefault(point) + 1;
            if (failure is not null)
            {
                failures.Add($"#{i} [{trial.Description}]: {failure}");
            }

            if (app.HasExited)
            {
                failures.Add($"#{i}: the server exited ({app.ExitCode})");
                break;
            }
        }

        clock.Stop();
        using (var health = await client.Http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            if (health.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"after the trials: /healthz {(int)health.StatusCode}");
            }
        }

        var injected = await client.Http.GetStringAsync(new Uri("/test/faults", UriKind.Relative));
        output.WriteLine($"scenario 4 (handler faults): seed {seed}, trials {trials}, failures {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalMilliseconds / trials:F0} ms a trial)");
        output.WriteLine("points: " + string.Join(", ", points.Select(p => $"{p.Key}×{p.Value}")) + $"; {injected}");
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("FAIL " + failure);
        }

        if (failures.Count > 0)
        {
            output.WriteLine("server output (last lines):\n" + string.Join('\n', app.RecentOutput.TakeLast(40)));
        }

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
