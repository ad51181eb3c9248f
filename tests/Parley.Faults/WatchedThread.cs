using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Parley.Serialization;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>
/// One thread a trial drives: its live event stream (every event the client saw, by seq) and every
/// message the server acknowledged with a 202.
/// </summary>
internal sealed class WatchedThread(string id, SseReader events)
{
    private readonly ConcurrentQueue<AcknowledgedMessage> _acknowledged = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private int _refusedWhileShuttingDown;

    public string Id { get; } = id;

    /// <summary>The subscription opened before any activity (from <c>after=0</c>).</summary>
    public SseReader Events { get; } = events;

    public IReadOnlyCollection<AcknowledgedMessage> Acknowledged => _acknowledged;

    /// <summary>Answers other than 202 that came before the fault (a 5xx, a 4xx): each is a failure.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// <summary>Messages refused with 503 <c>shutting_down</c>.</summary>
    public int RefusedWhileShuttingDown => _refusedWhileShuttingDown;

    public static async Task<WatchedThread> CreateAsync(ParleyClient client)
    {
        var id = await client.CreateThreadAsync();
        return new WatchedThread(id, await client.SubscribeAsync(id, after: 0));
    }

    /// <summary>
    /// Sends a message; records it when the answer is 202. A connection that fails (the process was
    /// killed or is stopping) is not an acknowledgement and not a failure: false either way.
    /// </summary>
    public async Task<bool> SendAsync(ParleyClient client, string content, CancellationToken cancellation)
    {
        var clientId = Guid.NewGuid().ToString("n");
        try
        {
            using var response = await client.Http.PostAsJsonAsync($"/api/threads/{Id}/messages", new { clientId, content }, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("\"shutting_down\"", StringComparison.Ordinal))
            {
                // A graceful shutdown refuses what it can no longer run, visibly: not acknowledged, not lost.
                Interlocked.Increment(ref _refusedWhileShuttingDown);
                return false;
            }

            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                _refusals.Enqueue($"{Id}: '{content}' answered {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                return false;
            }

            var json = JsonNode.Parse(body)!;
            _acknowledged.Enqueue(new AcknowledgedMessage(Id, clientId, json["runId"]!.GetValue<string>(), content, json["queued"]?.GetValue<bool>() ?? false));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Every durable event the client received, by seq, as its JSON.</summary>
    public SortedDictionary<long, (ThreadEvent Event, string Json)> SeenBySeq()
    {
        var seen = new SortedDictionary<long, (ThreadEvent, string)>();
        foreach (var evt in Events.Events.OfType<ThreadEvent>())
        {
            seen[evt.Seq] = (evt, Encoding.UTF8.GetString(ParleyJson.SerializeEvent(evt)));
        }

        return seen;
    }
}
