using System.Diagnostics;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 5 — store faults: the test app's store (SQLite, wrapped by the test app's
/// FaultInjectingChatStore) fails as a full disk or a locked database for a seeded time, writes only
/// or reads too, while replies stream and commands arrive. Commands get 2xx or a 503 problem+json
/// <c>store_unavailable</c>, never a 500; runs that could not be stored end failed with a visible safe
/// error; every event a client saw stays stored with its seq; every thread answers afterwards; and
/// everything acknowledged is durable once the store is back and again after a SIGKILL and restart.
/// <c>PARLEY_FAULT_TRIALS</c> (default 8) and <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class StoreFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultTrials = 8;
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-").FullName;

    [Fact]
    public async Task StoreFaults_DiskFullOrLocked_NothingAcknowledgedLostRunsEndVisibly()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(DefaultTrials);
        output.WriteLine($"scenario 5 (store faults): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials}");
        var acknowledged = new AcknowledgedWork();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        StoreFaultTrial trial;
        System.Net.CookieCollection cookies;
        await using (var app = await TestAppProcess.StartAsync(_data, "--faults", "true", "--faults-retry-ms", "1000"))
        {
            using var client = new ParleyClient(app.BaseAddress);
            trial = new StoreFaultTrial(client, new Random(seed), acknowledged);
            for (var i = 0; i < trials; i++)
            {
                string? failure;
                try
                {
                    failure = await trial.RunAsync(i);
                }
                catch (Exception e) when (e is TimeoutException or HttpRequestException or OperationCanceledException or Xunit.Sdk.XunitException or InvalidOperationException)
                {
                    failure = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
                    trial.SharedThread = null;
                }

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

            failures.AddRange(await acknowledged.CheckDurableAsync(client, "store back"));
            output.WriteLine($"injected: {await client.Http.GetStringAsync(new Uri("/test/faults", UriKind.Relative))}");
            if (failures.Count > 0)
            {
                output.WriteLine("server output (last lines):\n" + string.Join('\n', app.RecentOutput.TakeLast(30)));
            }

            cookies = client.Cookies.GetAllCookies();
            await app.KillAsync();
        }

        await using (var restarted = await TestAppProcess.StartAsync(_data))
        {
            using var client = new ParleyClient(restarted.BaseAddress);
            client.Cookies.Add(cookies);
            failures.AddRange(await acknowledged.CheckDurableAsync(client, "after SIGKILL and restart"));
        }

        clock.Stop();
        output.WriteLine($"scenario 5 (store faults): seed {seed}, trials {trials}, failures {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"commands acknowledged {trial.Accepted}, refused with 503 {trial.Refused}; runs ended failed {trial.FailedRuns}; threads {acknowledged.Threads.Count}, messages acknowledged {acknowledged.Messages.Count}, events seen {acknowledged.Seen.Values.Sum(s => s.Count)}");
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("FAIL " + failure);
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
