using System.Net;
using System.Net.Http.Json;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>
/// One store-fault trial: maybe a reply streaming, then the store fails ("disk full" or "locked",
/// writes or reads too) for a seeded time while commands arrive; then the store comes back and the
/// thread must have settled with nothing acknowledged lost, nothing seen changed, and every run
/// finished once, visibly failed if it could not be stored.
/// </summary>
internal sealed class StoreFaultTrial(ParleyClient client, Random random, AcknowledgedWork acknowledged)
{
    private readonly List<SseReader> _readers = [];

    public string? SharedThread { get; set; }

    public string Description { get; private set; } = "";

    public int Refused { get; private set; }

    public int Accepted { get; private set; }

    public int FailedRuns { get; private set; }

    public async Task<string?> RunAsync(int trial)
    {
        _readers.Clear();
        var kind = random.Next(2) == 0 ? "full" : "locked";
        var duration = random.Next(150, 2200);
        var reads = random.Next(3) == 0;
        var streaming = random.Next(2) == 0;
        var messages = random.Next(1, 4);
        var create = random.Next(2) == 0;
        var lead = random.Next(0, 150);
        Description = $"{kind} {duration} ms{(reads ? " (reads too)" : "")}, {(streaming ? "a reply streaming, " : "")}{messages} messages{(create ? ", a new thread" : "")}, {lead} ms in";
        try
        {
            return await RunCoreAsync(trial, kind, duration, reads, streaming, messages, create, lead);
        }
        finally
        {
            await SwitchAsync("none", 0, false);
            foreach (var reader in _readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    private async Task<string?> RunCoreAsync(int trial, string kind, int duration, bool reads, bool streaming, int messages, bool create, int lead)
    {
        if (SharedThread is null || random.Next(5) == 0)
        {
            SharedThread = await client.CreateThreadAsync();
            acknowledged.Threads.Add(SharedThread);
        }

        var thread = SharedThread;
        var view = await ThreadChecks.SettleAsync(client, thread, TimeSpan.FromSeconds(30));
        _readers.Add(await client.SubscribeAsync(thread, after: view.LastSeq, replica: ThreadReplica.FromView(view)));
        if (streaming)
        {
            var run = (await client.SendAsync(thread, "stream 60 15"))["runId"]!.GetValue<string>();
            await _readers[^1].WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any(d => d.RunId == run));
        }

        await SwitchAsync(kind, duration, reads);
        var faultEnds = DateTime.UtcNow.AddMilliseconds(duration);
        await Task.Delay(lead);
        var commands = new List<Task<string?>>();
        for (var i = 0; i < messages; i++)
        {
            commands.Add(PostMessageAsync(thread, $"m{trial}-{i}"));
        }

        if (create)
        {
            commands.Add(CreateThreadAsync());
        }

        commands.Add(ReadAsync(thread));
        var failure = (await Task.WhenAll(commands)).FirstOrDefault(f => f is not null);
        if (failure is not null)
        {
            return failure;
        }

        var remaining = faultEnds - DateTime.UtcNow;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        return await CheckAsync(thread, trial);
    }

    private async Task<string?> CheckAsync(string thread, int trial)
    {
        var view = await ThreadChecks.SettleAsync(client, thread, TimeSpan.FromSeconds(30));
        await CatchUpAsync(thread, view.LastSeq);
        var seen = _readers.SelectMany(r => r.Events).ToList();
        acknowledged.See(thread, seen);
        var stored = await ThreadChecks.ReplayAsync(client, thread, view.LastSeq);
        var storedBySeq = stored.ToDictionary(e => e.Seq);
        var changed = seen.OfType<ThreadEvent>().FirstOrDefault(e => e is not ItemDeltaEvent && (!storedBySeq.TryGetValue(e.Seq, out var s) || s.GetType() != e.GetType()));
        var failedRuns = stored.OfType<RunFinishedEvent>().Where(f => f.Status is RunStatus.Failed or RunStatus.Interrupted && seen.OfType<RunFinishedEvent>().Any(x => x.RunId == f.RunId)).ToList();
        FailedRuns += failedRuns.Count;
        var replica = _readers[^1].Replica;
        var failure = ThreadChecks.CheckRunPairs(seen.OfType<ThreadEvent>().DistinctBy(e => e.Seq), "SSE")
            ?? ThreadChecks.CheckRunPairs(stored, "stored log")
            ?? (changed is null ? null : $"seq {changed.Seq} ({changed.GetType().Name}) seen live is stored as {(storedBySeq.TryGetValue(changed.Seq, out var st) ? st.GetType().Name : "nothing")}")
            ?? ThreadChecks.CheckNothingOpen(view.Items)
            ?? failedRuns.Select(f => ThreadChecks.CheckVisibleSafeError(view.Items, f)).FirstOrDefault(f => f is not null)
            ?? (ThreadChecks.FindLeak(ThreadChecks.Json(seen) + ThreadChecks.Json(view.Items)) is { } leak ? $"the client saw \"{leak}\"" : null)
            ?? (replica.ResyncRequested || replica.HasGap || ThreadChecks.Json(replica.Items) == ThreadChecks.Json(view.Items) ? null : "the live replica differs from the snapshot");
        if (failure is not null)
        {
            return failure;
        }

        var ok = (await client.SendAsync(thread, $"ok {trial}"))["runId"]!.GetValue<string>();
        view = await ThreadChecks.SettleAsync(client, thread, TimeSpan.FromSeconds(30));
        var answer = view.Items.OfType<AssistantMessage>().FirstOrDefault(m => m.RunId == ok);
        return answer is { Status: ItemStatus.Completed } && answer.Content == $"echo: ok {trial}" ? null : $"the thread did not answer after the fault: {answer?.Status} {answer?.Content}";
    }

    /// <summary>Follows the live stream to <paramref name="lastSeq"/>, resubscribing (as a browser would) if it ended.</summary>
    private async Task CatchUpAsync(string thread, long lastSeq)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_readers[^1].Replica.LastSeq < lastSeq && DateTime.UtcNow < deadline)
        {
            var reader = _readers[^1];
            if (reader.Ended || reader.Replica.ResyncRequested)
            {
                var view = await client.GetThreadAsync(thread);
                _readers.Add(await client.SubscribeAsync(thread, after: view.LastSeq, replica: ThreadReplica.FromView(view)));
                continue;
            }

            await Task.Delay(10);
        }
    }

    private async Task<string?> PostMessageAsync(string thread, string content)
    {
        var clientId = Guid.NewGuid().ToString("n");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.Http.PostAsJsonAsync($"/api/threads/{thread}/messages", new { clientId, content }, timeout.Token);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            Accepted++;
            acknowledged.Messages.Add((thread, clientId));
            return null;
        }

        Refused++;
        return await AcknowledgedWork.CheckRefusalAsync(response) is { } bad ? $"message: {bad}" : null;
    }

    private async Task<string?> CreateThreadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.Http.PostAsJsonAsync("/api/threads", new { clientId = Guid.NewGuid().ToString("n") }, timeout.Token);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            Accepted++;
            acknowledged.Threads.Add((await ParleyClient.ReadJsonAsync(response))["thread"]!["id"]!.GetValue<string>());
            return null;
        }

        Refused++;
        return await AcknowledgedWork.CheckRefusalAsync(response) is { } bad ? $"create thread: {bad}" : null;
    }

    private async Task<string?> ReadAsync(string thread)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.Http.GetAsync(new Uri($"/api/threads/{thread}", UriKind.Relative), timeout.Token);
        return response.StatusCode == HttpStatusCode.OK ? null : await AcknowledgedWork.CheckRefusalAsync(response) is { } bad ? $"snapshot: {bad}" : null;
    }

    private async Task SwitchAsync(string kind, int ms, bool reads)
    {
        using var response = await client.Http.PostAsync(new Uri($"/test/faults/store?kind={kind}&ms={ms}&reads={(reads ? "true" : "false")}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
