using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 6 (second half) — subscriptions opened and dropped in a loop, abruptly (a reset,
/// before or after the first event) and gracefully (a FIN, or the HTTP client closing the response),
/// while a run streams on one of the threads: the server's handles and threads return to their
/// baseline, and neither its managed heap (after a full collection) nor its RSS grows with the count. <c>PARLEY_FAULT_TRIALS</c> (default 1,000: the
/// subscriptions after the first 500) and <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class SubscriptionChurnTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultTrials = 1_000;
    private const int FirstRound = 500;
    private const int Lanes = 4;
    private const int HandleSlack = 24;
    private const int ThreadSlack = 12;
    private const long RssSlack = 24L << 20;
    private const long HeapSlack = 1L << 20;
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-").FullName;

    [Fact]
    public async Task Subscriptions_OpenedAndDroppedByTheThousand_LeakNoHandleThreadOrMemory()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(DefaultTrials);
        output.WriteLine($"scenario 6 (slow clients, subscription churn): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials} after {FirstRound}");

        await using var app = await TestAppProcess.StartAsync(_data, "--diagnostics", "true");
        using var client = new ParleyClient(app.BaseAddress);
        var threads = new List<string>();
        for (var i = 0; i < Lanes - 1; i++)
        {
            threads.Add(await client.CreateThreadAsync());
        }

        var kinds = new int[4];
        var failures = new List<string>();
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await ChurnWithBusyThreadAsync(app, client, threads, 100, random, kinds, failures); // warm-up: JIT, pools, sessions
        var heapBaseline = await ServerHeap.ReadAsync(client.Http);
        var baseline = await SettleAsync(app.Pid, null);
        await ChurnWithBusyThreadAsync(app, client, threads, FirstRound, random, kinds, failures);
        var heapFirst = await ServerHeap.ReadAsync(client.Http);
        var afterFirst = await SettleAsync(app.Pid, baseline);
        await ChurnWithBusyThreadAsync(app, client, threads, trials, random, kinds, failures);
        var heapAll = await ServerHeap.ReadAsync(client.Http);
        var afterAll = await SettleAsync(app.Pid, baseline);
        clock.Stop();

        if (afterAll.OpenHandles > baseline.OpenHandles + HandleSlack)
        {
            failures.Add($"handles: {baseline.OpenHandles} before, {afterAll.OpenHandles} after {FirstRound + trials} subscriptions");
        }

        if (afterAll.Threads > baseline.Threads + ThreadSlack)
        {
            failures.Add($"threads: {baseline.Threads} before, {afterAll.Threads} after {FirstRound + trials} subscriptions");
        }

        if (heapAll > heapFirst + HeapSlack)
        {
            failures.Add($"the managed heap grew with the count: {Mib(heapFirst)} after {FirstRound}, {Mib(heapAll)} after {trials} more");
        }

        if (afterAll.ResidentBytes > afterFirst.ResidentBytes + RssSlack)
        {
            failures.Add($"RSS grew with the count: {afterFirst} after {FirstRound}, {afterAll} after {trials} more");
        }

        var echo = await client.SendAsync(threads[1], "still here");
        await using (var reader = await client.SubscribeAsync(threads[1]))
        {
            var runId = echo["runId"]!.GetValue<string>();
            await reader.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId), TimeSpan.FromSeconds(30));
        }

        output.WriteLine($"scenario 6 (slow clients, subscription churn): seed {seed}, trials {trials} (+{FirstRound} +100 warm-up), failures {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"drops: reset before reading×{kinds[0]}, reset after an event×{kinds[1]}, FIN after an event×{kinds[2]}, HttpClient dispose×{kinds[3]}");
        output.WriteLine($"server: baseline {baseline}; after {FirstRound}: {afterFirst}; after {trials} more: {afterAll}");
        output.WriteLine($"managed heap after a full GC: baseline {Mib(heapBaseline)}; after {FirstRound}: {Mib(heapFirst)}; after {trials} more: {Mib(heapAll)}");
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("FAIL " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures (seed {seed}):\n" + string.Join("\n", failures.Take(5)));
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F2} MiB");

    /// <summary>
    /// Churns over the quiet threads and one more that streams all along, so some subscriptions get live
    /// deltas and are dropped with frames in flight. The busy thread is deleted afterwards: what a run
    /// keeps in memory is the conversation's, and would hide or mimic a leak of the subscriptions'.
    /// </summary>
    private static async Task ChurnWithBusyThreadAsync(TestAppProcess app, ParleyClient client, List<string> quiet, int count, Random random, int[] kinds, List<string> failures)
    {
        var busy = await client.CreateThreadAsync();
        await client.SendAsync(busy, "stream 5000 5");
        await ChurnAsync(app, client, [.. quiet, busy], count, random, kinds, failures);
        using var deleted = await client.SendRawAsync(HttpMethod.Delete, $"/api/threads/{busy}");
        if (!deleted.IsSuccessStatusCode)
        {
            failures.Add($"deleting the busy thread: {(int)deleted.StatusCode}");
        }
    }

    /// <summary>Opens and drops <paramref name="count"/> subscriptions over <see cref="Lanes"/> lanes.</summary>
    private static async Task ChurnAsync(TestAppProcess app, ParleyClient client, List<string> threads, int count, Random random, int[] kinds, List<string> failures)
    {
        // The choices are drawn up front, in order, so a seed replays them whatever the lanes' timing.
        var plan = Enumerable.Range(0, count).Select(_ => (Kind: random.Next(4), Thread: threads[random.Next(threads.Count)])).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Count)
            {
                var (kind, thread) = plan[i];
                Interlocked.Increment(ref kinds[kind]);
                try
                {
                    await OpenAndDropAsync(app, client, thread, kind);
                }
                catch (Exception e) when (e is SocketException or IOException or InvalidOperationException or HttpRequestException or TimeoutException)
                {
                    lock (failures)
                    {
                        failures.Add($"subscription {i} ({kind}) on {thread}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }));
    }

    private static async Task OpenAndDropAsync(TestAppProcess app, ParleyClient client, string thread, int kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        if (kind == 3)
        {
            await using var reader = await client.SubscribeAsync(thread);
            await reader.WaitForAsync(e => e.Count > 0, TimeSpan.FromSeconds(20));
            return;
        }

        using var stream = await RawEventStream.OpenAsync(app.BaseAddress, client.Cookies.GetCookieHeader(app.BaseAddress), thread, 0, null, timeout.Token);
        if (kind > 0 && await stream.ReadFrameAsync(timeout.Token) is null)
        {
            throw new InvalidOperationException("the stream ended before its first event");
        }

        if (kind == 2)
        {
            stream.ShutdownSend();
        }
        else
        {
            stream.Abort();
        }
    }

    /// <summary>Waits (up to 20 s) for the handles to come back within the slack of <paramref name="baseline"/>, or to hold steady.</summary>
    private static async Task<ProcessMetrics> SettleAsync(int pid, ProcessMetrics? baseline)
    {
        var clock = Stopwatch.StartNew();
        var last = ProcessMetrics.Read(pid);
        var steady = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(250);
            var now = ProcessMetrics.Read(pid);
            steady = now.OpenHandles == last.OpenHandles && now.Threads == last.Threads ? steady + 1 : 0;
            last = now;
            if (baseline is null ? steady >= 4 : now.OpenHandles <= baseline.OpenHandles + HandleSlack && now.Threads <= baseline.Threads + ThreadSlack && steady >= 2)
            {
                break;
            }
        }

        return last;
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
