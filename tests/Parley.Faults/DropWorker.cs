using System.Diagnostics;
using System.Text;
using Parley.Serialization;
using Parley.Testing;
using Xunit.Sdk;

namespace Parley.Faults;

/// <summary>
/// One thread of scenario 1: runs drop trials one after another on its own thread, keeping the one
/// <see cref="ThreadReplica"/> a reconnecting client would keep, and checks it against the server's
/// snapshot after every trial.
/// </summary>
internal sealed partial class DropWorker(ParleyClient client, Uri baseAddress, Random random, DropStatistics statistics)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(30);
    private readonly List<RawEventStream> _halfOpen = [];
    private string _thread = "";
    private ThreadReplica _replica = new();

    public List<string> Failures { get; } = [];

    /// <summary>Connections left half-open (closed by <see cref="CloseHalfOpen"/> at the end).</summary>
    public int HalfOpenCount => _halfOpen.Count;

    public async Task StartAsync(CancellationToken cancellation)
    {
        _thread = await client.CreateThreadAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var view = await client.GetThreadAsync(_thread);
            if (view.ActiveRun is null && view.Items.Count > 0)
            {
                _replica = ThreadReplica.FromView(view);
                return;
            }

            if (deadline.Elapsed > RunDeadline)
            {
                throw new TimeoutException("the greeting did not finish");
            }

            await Task.Delay(50, cancellation);
        }
    }

    public async Task RunTrialAsync(int trial, CancellationToken cancellation)
    {
        var workload = DropWorkload.Next(random, trial);
        var drops = random.Next(1, 5);
        var plan = Enumerable.Range(0, drops).Select(_ => ((DropKind)random.Next(4), random.Next(0, workload.ExpectedFrames + 1), random.Next(200, 700))).ToList();
        var describe = $"trial {trial} thread {_thread}: '{workload.Command}', drops [{string.Join(", ", plan.Select(p => $"{p.Item1}@{p.Item2}"))}]";
        var clock = Stopwatch.StartNew();
        try
        {
            var sent = await client.SendAsync(_thread, workload.Command);
            var runId = sent["runId"]!.GetValue<string>();
            for (var d = 0; d < plan.Count; d++)
            {
                var (kind, frames, stallMs) = plan[d];
                await DropOnceAsync(runId, kind, frames, TimeSpan.FromMilliseconds(stallMs), cancellation);
                if (d == 0 && workload.AskAnswer is { } answer)
                {
                    await AnswerAskAsync(runId, answer, cancellation);
                }
            }

            await FinishAsync(runId, cancellation);
            var failure = await CheckAsync(runId, workload);
            statistics.RecordTrial(clock.Elapsed);
            if (failure is not null)
            {
                Fail($"{describe}: {failure}");
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or XunitException or IOException)
        {
            Fail($"{describe}: {e.GetType().Name}: {e.Message}");
            await ResetAsync(cancellation);
        }
    }

    /// <summary>After a failed trial: waits for the thread to settle and starts again from its snapshot.</summary>
    private async Task ResetAsync(CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        var view = await client.GetThreadAsync(_thread);
        while (view.ActiveRun is not null && deadline.Elapsed < RunDeadline)
        {
            await Task.Delay(100, cancellation);
            view = await client.GetThreadAsync(_thread);
        }

        _replica = ThreadReplica.FromView(view);
    }

    public void CloseHalfOpen()
    {
        foreach (var stream in _halfOpen)
        {
            stream.Dispose();
        }

        _halfOpen.Clear();
    }

    private async Task DropOnceAsync(string runId, DropKind kind, int frames, TimeSpan stall, CancellationToken cancellation)
    {
        var tiny = kind is DropKind.HalfOpen or DropKind.HalfOpenFin or DropKind.Stall;
        var stream = await RawEventStream.OpenAsync(baseAddress, Cookie(), _thread, _replica.LastSeq, tiny ? 2048 : null, cancellation);
        var sentId = _replica.LastSeq;
        var lastId = sentId;
        var read = 0;
        var until = Stopwatch.StartNew();
        while (kind == DropKind.Stall ? until.Elapsed < stall : read < frames)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            quiet.CancelAfter(_replica.RunsFinished.ContainsKey(runId) ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(1));
            SseFrame? frame;
            try
            {
                frame = kind == DropKind.Stall
                    ? await stream.ReadFrameAsync(quiet.Token, readSize: 64, readPause: TimeSpan.FromMilliseconds(15))
                    : await stream.ReadFrameAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                break; // nothing for a while (an ask waits, the run finished): drop here
            }

            if (frame is null)
            {
                statistics.RecordServerClosed();
                break;
            }

            lastId = Apply(frame, lastId, sentId);
            read++;
        }

        statistics.RecordDrop(kind, read);
        switch (kind)
        {
            case DropKind.HalfOpen:
                _halfOpen.Add(stream);
                break;
            case DropKind.HalfOpenFin:
                stream.ShutdownSend();
                _halfOpen.Add(stream);
                break;
            default:
                stream.Abort();
                break;
        }
    }

    /// <summary>Reconnects with a normal reader until the run finished and the replica reached the server's last seq.</summary>
    private async Task FinishAsync(string runId, CancellationToken cancellation)
    {
        using var stream = await RawEventStream.OpenAsync(baseAddress, Cookie(), _thread, _replica.LastSeq, null, cancellation);
        var sentId = _replica.LastSeq;
        var lastId = sentId;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(RunDeadline);
        long serverSeq = -1;
        try
        {
            while (true)
            {
                if (_replica.RunsFinished.ContainsKey(runId))
                {
                    serverSeq = serverSeq < 0 ? (await client.GetThreadAsync(_thread)).LastSeq : serverSeq;
                    if (_replica.LastSeq >= serverSeq)
                    {
                        return;
                    }
                }

                var frame = await stream.ReadFrameAsync(deadline.Token) ?? throw new InvalidOperationException("the server ended the stream before the run finished");
                lastId = Apply(frame, lastId, sentId);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"the run did not finish (or the replica did not reach the server's seq {serverSeq}) within {RunDeadline.TotalSeconds} s; replica at {_replica.LastSeq}");
        }
    }

    private long Apply(SseFrame frame, long lastId, long sentId)
    {
        var evt = ParleyJson.DeserializeEvent(Encoding.UTF8.GetBytes(frame.Data));
        if (frame.Id is { } id)
        {
            if (id <= lastId)
            {
                throw new InvalidOperationException($"seq {id} after {lastId} on a stream opened with Last-Event-ID {sentId}: not strictly increasing");
            }

            if (evt is not ThreadEvent { } logged || logged.Seq != id)
            {
                throw new InvalidOperationException($"frame id {id} does not match its event ({frame.Data[..Math.Min(frame.Data.Length, 120)]})");
            }

            lastId = id;
        }

        if (evt is ThreadEvent durable && !_replica.Apply(evt))
        {
            throw new InvalidOperationException($"seq {durable.Seq} was already applied (replica at {_replica.LastSeq}): a duplicate");
        }

        if (evt is not ThreadEvent)
        {
            _replica.Apply(evt);
        }

        return lastId;
    }

    private async Task AnswerAskAsync(string runId, string answer, CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var view = await client.GetThreadAsync(_thread);
            if (view.Items.OfType<AskItem>().FirstOrDefault(a => a.RunId == runId && a.Status == ItemStatus.Pending) is { } ask)
            {
                using var response = await client.PostJsonAsync($"/api/threads/{_thread}/asks/{ask.Id}/answer", new { clientId = Guid.NewGuid().ToString("n"), content = answer });
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"answering the ask: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}");
                }

                return;
            }

            if (deadline.Elapsed > RunDeadline)
            {
                throw new TimeoutException("the ask never became pending");
            }

            await Task.Delay(20, cancellation);
        }
    }

    private void Fail(string failure)
    {
        lock (Failures)
        {
            Failures.Add(failure);
        }
    }

    private string Cookie() => client.Cookies.GetCookieHeader(baseAddress);
}
