using System.Net;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Faults;

/// <summary>
/// What the server acknowledged during the store-fault trials (threads 201, messages 202) and every
/// logged event a client saw: all of it must still be there after the store recovers and after a
/// SIGKILL and restart.
/// </summary>
internal sealed class AcknowledgedWork
{
    public HashSet<string> Threads { get; } = new(StringComparer.Ordinal);

    /// <summary>(thread, clientId) of each message answered 202.</summary>
    public List<(string Thread, string ClientId)> Messages { get; } = [];

    /// <summary>Per thread: seq → event type of every non-delta event seen live.</summary>
    public Dictionary<string, Dictionary<long, string>> Seen { get; } = new(StringComparer.Ordinal);

    public void See(string thread, IEnumerable<ChatEvent> events)
    {
        var seen = Seen.TryGetValue(thread, out var s) ? s : Seen[thread] = [];
        foreach (var e in events.OfType<ThreadEvent>().Where(e => e is not ItemDeltaEvent))
        {
            seen[e.Seq] = e.GetType().Name;
        }
    }

    /// <summary>Checks everything acknowledged is stored; returns the first few failures.</summary>
    public async Task<List<string>> CheckDurableAsync(ParleyClient client, string when)
    {
        var failures = new List<string>();
        foreach (var thread in Threads.Concat(Seen.Keys).Concat(Messages.Select(m => m.Thread)).Distinct(StringComparer.Ordinal))
        {
            var response = await client.Http.GetAsync(new Uri($"/api/threads/{thread}", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{when}: acknowledged thread {thread} answers {(int)response.StatusCode}");
                continue;
            }

            var view = await ThreadChecks.SettleAsync(client, thread, TimeSpan.FromSeconds(30));
            var clientIds = view.Items.OfType<UserMessage>().Select(m => m.ClientId).ToHashSet(StringComparer.Ordinal);
            failures.AddRange(Messages.Where(m => m.Thread == thread && !clientIds.Contains(m.ClientId)).Select(m => $"{when}: acknowledged message {m.ClientId} is missing from {thread}"));
            var stored = (await ThreadChecks.ReplayAsync(client, thread, view.LastSeq)).ToDictionary(e => e.Seq);
            foreach (var (seq, type) in Seen.GetValueOrDefault(thread) ?? [])
            {
                if (!stored.TryGetValue(seq, out var e) || e.GetType().Name != type)
                {
                    failures.Add($"{when}: {thread} seq {seq} ({type}) was seen by a client but is stored as {(e is null ? "nothing" : e.GetType().Name)}");
                }
            }

            if (ThreadChecks.CheckRunPairs(stored.Values, $"{when}: {thread} stored log") is { } pairs)
            {
                failures.Add(pairs);
            }

            if (ThreadChecks.CheckNothingOpen(view.Items) is { } open)
            {
                failures.Add($"{when}: {thread}: {open}");
            }
        }

        return failures;
    }

    /// <summary>A refusal during a store fault must be a 503 problem+json <c>store_unavailable</c>; null when it is.</summary>
    public static async Task<string?> CheckRefusalAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {body[..Math.Min(body.Length, 200)]}";
        }

        var code = JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        return code != "store_unavailable" ? "503 with code " + code
            : ThreadChecks.FindLeak(body) is { } leak ? $"the 503 leaks \"{leak}\": {body}" : null;
    }
}
