using System.Globalization;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>
/// The seeded activities of one kill or shutdown trial, each on its own thread watched from
/// <c>after=0</c>: a slow stream inside a step, an ask left pending, messages sent back to back
/// behind a running stream (queued), and a burst of messages over many threads at once (group
/// commits). Every parameter is drawn from the seeded random before anything runs.
/// </summary>
internal sealed class TrialActivities(ParleyClient client) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private WatchedThread? _stream;
    private WatchedThread? _ask;
    private WatchedThread? _queue;
    private List<WatchedThread> _burst = [];

    public IReadOnlyList<WatchedThread> Threads => [.. new[] { _stream, _ask, _queue }.OfType<WatchedThread>(), .. _burst];

    /// <summary>What the parameters were, to reproduce a failing trial by eye.</summary>
    public string Description { get; private set; } = "";

    /// <summary>When the fault comes, counted from the end of <see cref="StartAsync"/>.</summary>
    public TimeSpan FaultDelay { get; private set; }

    /// <summary>Creates the threads and subscriptions, then starts every activity without waiting for it.</summary>
    /// <param name="random">The trial's seeded random.</param>
    /// <param name="faultAfterMs">The range the fault's delay is drawn from, in ms.</param>
    public async Task StartAsync(Random random, (int Min, int Max) faultAfterMs)
    {
        var streamCommand = $"stream {random.Next(150, 400)} {random.Next(4, 10)}";
        var queueCommand = $"stream {random.Next(60, 150)} 10";
        var queued = random.Next(2, 5);
        var burstThreads = random.Next(4, 9);
        var perBurstThread = random.Next(40, 120);
        FaultDelay = TimeSpan.FromMilliseconds(random.Next(faultAfterMs.Min, faultAfterMs.Max));

        // The burst begins shortly before the fault, so the fault lands while its messages are being committed.
        var burstLead = TimeSpan.FromMilliseconds(random.Next(100, 400));
        var burstDelay = FaultDelay > burstLead ? FaultDelay - burstLead : TimeSpan.Zero;
        Description = $"'{streamCommand}', ask, '{queueCommand}' + {queued} queued, burst {burstThreads}×{perBurstThread} from {Ms(burstDelay)}";

        _stream = await WatchedThread.CreateAsync(client);
        _ask = await WatchedThread.CreateAsync(client);
        _queue = await WatchedThread.CreateAsync(client);
        _burst = [.. await Task.WhenAll(Enumerable.Range(0, burstThreads).Select(_ => WatchedThread.CreateAsync(client)))];

        var stop = _stop.Token;
        _running.Add(_stream.SendAsync(client, streamCommand, stop));
        _running.Add(_ask.SendAsync(client, "ask", stop));
        _running.Add(SendInOrderAsync(_queue, [queueCommand, .. Enumerable.Range(1, queued).Select(i => $"queued {i}")], stop));
        _running.AddRange(_burst.Select((thread, t) => BurstAsync(thread, t, perBurstThread, burstDelay, stop)));
    }

    /// <summary>The kinds of kill point the client can see right now (its own view, so approximate).</summary>
    public IReadOnlyList<string> KillPointsNow()
    {
        var points = new List<string>();
        if (_stream?.Events.Replica.Items.OfType<AssistantMessage>().Any(m => m.Status == ItemStatus.InProgress && m.Content.Length > 0) == true)
        {
            points.Add("mid-stream");
        }

        if (Threads.Any(t => t.Events.Replica.Items.OfType<StepItem>().Any(s => s.Status == ItemStatus.InProgress)))
        {
            points.Add("mid-step");
        }

        if (_ask?.Events.Replica.Items.OfType<AskItem>().Any(a => a.Status == ItemStatus.Pending) == true)
        {
            points.Add("ask pending");
        }

        if (Threads.Any(t => t.Acknowledged.Any(m => m.Queued && !t.Events.Replica.RunsStarted.ContainsKey(m.RunId))))
        {
            points.Add("message queued");
        }

        // The first three are the stream, the ask and the queue; the rest are the burst's senders.
        if (_running.Skip(3).Any(r => !r.IsCompleted))
        {
            points.Add("group commit");
        }

        return points;
    }

    /// <summary>Stops sending and closes the subscriptions (what they saw stays readable).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        foreach (var thread in Threads)
        {
            await thread.Events.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task BurstAsync(WatchedThread thread, int index, int count, TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await SendInOrderAsync(thread, [.. Enumerable.Range(1, count).Select(i => $"burst {index}.{i}")], stop);
    }

    private async Task SendInOrderAsync(WatchedThread thread, IReadOnlyList<string> contents, CancellationToken stop)
    {
        foreach (var content in contents)
        {
            if (stop.IsCancellationRequested || !await thread.SendAsync(client, content, stop))
            {
                return;
            }
        }
    }

    internal static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
