using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Parley.Testing;

namespace Parley.Faults.Soak;

/// <summary>
/// One person using the chat for the whole soak, one thing at a time: messages, streamed replies,
/// asks, actions, stops, feedback, uploads, reloads and reconnects, on a thread replaced every
/// <see cref="OperationsPerThread"/> operations (after checking it against the server's snapshot).
/// </summary>
internal sealed class SoakUser(Uri baseAddress, int index, int seed, LatencyLog latencies)
{
    private const int OperationsPerThread = 40;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private readonly Random _random = new(seed);
    private ParleyClient _client = null!;
    private SseReader _events = null!;
    private string _threadId = "";
    private int _sequence;

    public List<string> Failures { get; } = [];

    public int Operations { get; private set; }

    public int Threads { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        using var client = new ParleyClient(baseAddress);
        _client = client;
        await OpenThreadAsync();
        try
        {
            var inThread = 0;
            while (!stop.IsCancellationRequested && Failures.Count < 10)
            {
                var roll = _random.Next(100);
                try
                {
                    await OperateAsync(roll);
                    Operations++;
                    if (++inThread >= OperationsPerThread)
                    {
                        await ReplaceThreadAsync();
                        inThread = 0;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    Failures.Add(string.Create(CultureInfo.InvariantCulture, $"user {index}, thread {_threadId}, roll {roll}: {ex.GetType().Name}: {ex.Message}"));
                }
            }
        }
        finally
        {
            await _events.DisposeAsync();
        }
    }

    private Task OperateAsync(int roll) => roll switch
    {
        < 40 => EchoAsync(),
        < 55 => StreamAsync(),
        < 65 => AskAsync(),
        < 72 => ActionAsync(),
        < 77 => FeedbackAsync(),
        < 84 => ReloadAsync(),
        < 91 => ReconnectAsync(),
        < 96 => StopAsync(),
        _ => UploadAsync(),
    };

    private async Task EchoAsync()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"soak {index}-{++_sequence}");
        await SendAndFinishAsync(text, "reply");
        Expect(_events.Inspect(r => r.Items.OfType<AssistantMessage>().Any(m => m.Content == "echo: " + text)), "no echo of " + text);
    }

    private async Task StreamAsync()
    {
        var runId = await SendAndFinishAsync("stream 20 1", "stream");
        var expected = string.Concat(Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"t{i} ")));
        Expect(_events.Inspect(r => r.Items.OfType<AssistantMessage>().Single(m => m.RunId == runId).Content) == expected, "streamed text differs");
    }

    private async Task AskAsync()
    {
        var runId = await SendAsync("ask");
        var ask = await WaitForAsync(r => r.Items.OfType<AskItem>().FirstOrDefault(a => a.RunId == runId && a.Status == ItemStatus.Pending));
        var clock = Stopwatch.StartNew();
        using var response = await _client.PostJsonAsync($"/api/threads/{_threadId}/asks/{ask.Id}/answer", new { content = "yes" });
        Expect(response.StatusCode == HttpStatusCode.OK, "answer: " + response.StatusCode);
        await FinishAsync(runId);
        latencies.Add("answer", clock.Elapsed);
        Expect(_events.Inspect(r => r.Items.OfType<AssistantMessage>().Any(m => m.RunId == runId && m.Content == "got yes")), "the answer was not used");
    }

    private async Task ActionAsync()
    {
        var offer = await SendAndFinishAsync("offer-actions", "reply");
        var message = _events.Inspect(r => r.Items.OfType<AssistantMessage>().Single(m => m.RunId == offer));
        var clock = Stopwatch.StartNew();
        using var response = await _client.PostJsonAsync(
            $"/api/threads/{_threadId}/actions",
            new { clientId = Guid.NewGuid().ToString("n"), itemId = message.Id, actionId = message.Actions.Single(a => a.Name == "greet").Id });
        Expect(response.StatusCode == HttpStatusCode.Accepted, "action: " + response.StatusCode);
        var runId = (await ParleyClient.ReadJsonAsync(response))["runId"]!.GetValue<string>();
        await FinishAsync(runId);
        latencies.Add("action", clock.Elapsed);
    }

    private async Task FeedbackAsync()
    {
        var last = _events.Inspect(r => r.Items.OfType<AssistantMessage>().LastOrDefault(m => m.Status == ItemStatus.Completed));
        if (last is null)
        {
            return;
        }

        using var response = await _client.PostJsonAsync($"/api/threads/{_threadId}/feedback", new { itemId = last.Id, value = _random.Next(2) == 0 ? 1 : -1, comment = "soak" });
        Expect(response.StatusCode == HttpStatusCode.OK, "feedback: " + response.StatusCode);
        await WaitForAsync(r => r.Items.Single(i => i.Id == last.Id).Metadata?.ContainsKey("feedback") == true ? last : null);
    }

    private async Task ReloadAsync()
    {
        var clock = Stopwatch.StartNew();
        var view = await _client.GetThreadAsync(_threadId);
        latencies.Add("snapshot", clock.Elapsed);

        // Idle between operations, so the snapshot and the replica must agree once the replica caught up.
        Expect(view.ActiveRun is null, "a run is active between operations");
        await WaitForAsync(r => r.LastSeq >= view.LastSeq ? view : null);
        _events.Inspect(r =>
        {
            ProtocolAssert.SameItems(view.Items, r.Items);
            return true;
        });
    }

    private async Task ReconnectAsync()
    {
        var replica = _events.Replica;
        await _events.DisposeAsync();
        _events = await _client.SubscribeAsync(_threadId, lastEventId: replica.LastSeq, replica: replica);
    }

    private async Task StopAsync()
    {
        var runId = await SendAsync("stream 400 5");
        await WaitForAsync(r => r.Items.OfType<AssistantMessage>().FirstOrDefault(m => m.RunId == runId && m.Content.Length > 0));
        var clock = Stopwatch.StartNew();
        using var response = await _client.PostJsonAsync($"/api/threads/{_threadId}/stop", new { runId });
        Expect(response.StatusCode == HttpStatusCode.Accepted, "stop: " + response.StatusCode);
        await FinishAsync(runId);
        latencies.Add("stop", clock.Elapsed);
        var status = _events.Inspect(r => r.RunsFinished[runId].Status);
        Expect(status == RunStatus.Cancelled, "a stopped run finished " + status);
    }

    private async Task UploadAsync()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(_threadId), "threadId" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("soak notes " + _sequence)), "file", "notes.txt" },
        };
        using var upload = await _client.Http.PostAsync("/api/files", form);
        Expect(upload.StatusCode == HttpStatusCode.Created, "upload: " + upload.StatusCode);
        var fileId = (await ParleyClient.ReadJsonAsync(upload))["id"]!.GetValue<string>();
        var clock = Stopwatch.StartNew();
        using var send = await _client.PostJsonAsync($"/api/threads/{_threadId}/messages", new { clientId = Guid.NewGuid().ToString("n"), content = "", attachments = new[] { fileId } });
        Expect(send.StatusCode == HttpStatusCode.Accepted, "message with an attachment: " + send.StatusCode);
        var runId = (await ParleyClient.ReadJsonAsync(send))["runId"]!.GetValue<string>();
        await FinishAsync(runId);
        latencies.Add("attachment", clock.Elapsed);
    }

    private async Task<string> SendAndFinishAsync(string content, string kind)
    {
        var clock = Stopwatch.StartNew();
        var runId = await SendAsync(content);
        await FinishAsync(runId);
        latencies.Add(kind, clock.Elapsed);
        return runId;
    }

    private async Task<string> SendAsync(string content)
    {
        var clock = Stopwatch.StartNew();
        var accepted = await _client.SendAsync(_threadId, content);
        latencies.Add("ack", clock.Elapsed);
        return accepted["runId"]!.GetValue<string>();
    }

    private Task FinishAsync(string runId) => _events.WaitForReplicaAsync(r => r.RunsFinished.ContainsKey(runId), RunTimeout);

    private async Task<T> WaitForAsync<T>(Func<ThreadReplica, T?> find)
        where T : class
    {
        T? found = null;
        await _events.WaitForReplicaAsync(r => (found = find(r)) is not null, RunTimeout);
        return found!;
    }

    private async Task OpenThreadAsync()
    {
        _threadId = await _client.CreateThreadAsync();
        _events = await _client.SubscribeAsync(_threadId, after: 0);
        Threads++;

        // The greeting's run first, so every operation starts on an idle thread.
        await _events.WaitForReplicaAsync(r => r.RunsFinished.Count >= 1, RunTimeout);
    }

    // Before a thread goes: everything the client rebuilt equals the server's, every run finished once.
    private async Task ReplaceThreadAsync()
    {
        await ReloadAsync();
        _events.Inspect(r =>
        {
            ProtocolAssert.AllRunsFinished(r);
            return true;
        });
        await _events.DisposeAsync();
        using var deleted = await _client.SendRawAsync(HttpMethod.Delete, $"/api/threads/{_threadId}");
        Expect(deleted.StatusCode == HttpStatusCode.NoContent, "delete: " + deleted.StatusCode);
        await OpenThreadAsync();
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }
}
