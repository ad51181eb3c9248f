using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Serialization;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>What <c>GET /api/threads/{id}</c> answered: items, last seq, the active run and the queued runs.</summary>
internal sealed record ThreadSnapshot(IReadOnlyList<ChatItem> Items, long LastSeq, string? ActiveRunId, IReadOnlyList<string> QueuedRunIds)
{
    public bool Settled => ActiveRunId is null && QueuedRunIds.Count == 0;

    public static async Task<ThreadSnapshot> GetAsync(ParleyClient client, string threadId, CancellationToken cancellation)
    {
        using var response = await client.Http.GetAsync(new Uri($"/api/threads/{threadId}", UriKind.Relative), cancellation);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET thread {threadId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}");
        }

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellation))!;
        return new ThreadSnapshot(
            [.. json["items"]!.AsArray().Select(i => i.Deserialize(ParleyJson.Item)!)],
            json["lastSeq"]!.GetValue<long>(),
            json["activeRun"]?["runId"]?.GetValue<string>(),
            json["queued"] is JsonArray queued ? [.. queued.Select(q => q!["runId"]!.GetValue<string>())] : []);
    }

    /// <summary>Polls until no run is active or queued.</summary>
    public static async Task<ThreadSnapshot> WaitSettledAsync(ParleyClient client, string threadId, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var snapshot = await GetAsync(client, threadId, cancellation);
            if (snapshot.Settled || DateTime.UtcNow > deadline)
            {
                return snapshot;
            }

            await Task.Delay(50, cancellation);
        }
    }
}
