using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Faults;

/// <summary>
/// Issue 6, scenario 7 — bad input: random requests over every endpoint against the real test app
/// (its own process, loopback, SQLite). Never a 5xx; refusals are problem+json with a code; the
/// server keeps serving; the victim's thread is untouched and none of its resources answers 2xx.
/// <c>PARLEY_FAULT_TRIALS</c> (default 5,000) and <c>PARLEY_FAULT_SEED</c> tune a run.
/// </summary>
public sealed class BadInputFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultTrials = 5_000;
    private readonly string _data = Directory.CreateTempSubdirectory("parley-faults-").FullName;

    [Fact]
    public async Task Fuzz_EveryEndpoint_NeverFiveHundredNeverLeaks()
    {
        var (trials, seed) = FaultRunSettings.FromEnvironment(DefaultTrials);
        output.WriteLine($"scenario 7 (bad input): seed {seed} (PARLEY_FAULT_SEED={seed}), trials {trials}");

        await using var app = await TestAppProcess.StartAsync(_data);
        using var victim = User(app.BaseAddress);
        using var attacker = User(app.BaseAddress);
        var victimThread = await SetUpThreadAsync(victim);
        var attackerThread = await SetUpThreadAsync(attacker);
        var victimFile = await UploadAsync(victim, victimThread);
        var attackerFile = await UploadAsync(attacker, attackerThread);
        var before = await SnapshotAsync(victim, victimThread);
        var ids = new KnownIds
        {
            VictimThread = victimThread,
            VictimItems = ItemIds(before),
            VictimFile = victimFile,
            OwnThread = attackerThread,
            OwnItems = ItemIds(await SnapshotAsync(attacker, attackerThread)),
            OwnFile = attackerFile,
        };

        var generator = new RequestGenerator(new Random(seed), ids);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var unsendable = 0;
        var closed = 0;
        var closedExamples = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var trial = 0; trial < trials; trial++)
        {
            var request = generator.Next();
            if (trial % 100 == 99)
            {
                ids.OwnItems = ItemIds(await SnapshotAsync(attacker, attackerThread));
            }

            var (status, failure) = await SendAsync(attacker, request);
            if (status == 0 && failure is null)
            {
                unsendable++;
                continue;
            }

            if (status == -1 && failure!.StartsWith("connection failed", StringComparison.Ordinal) && await ServingAsync(app, victim))
            {
                // The server closed the connection (twice) without an answer, and still serves: counted, not failed.
                closed++;
                closedExamples.Add($"#{trial} {failure}: {Short(request)}");
                continue;
            }

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (failure is not null)
            {
                failures.Add($"#{trial} {status} {failure}: {Short(request)}");
            }
        }

        clock.Stop();
        using (var health = await victim.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            if (app.HasExited || health.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"after the trials: the server is not serving (exited: {app.HasExited}, /healthz: {(int)health.StatusCode})");
            }
        }

        var after = await SnapshotAsync(victim, victimThread);
        if (after["lastSeq"]!.GetValue<long>() != before["lastSeq"]!.GetValue<long>() || after["items"]!.ToJsonString() != before["items"]!.ToJsonString())
        {
            failures.Add($"the victim's thread changed: lastSeq {before["lastSeq"]} → {after["lastSeq"]}, items equal: {after["items"]!.ToJsonString() == before["items"]!.ToJsonString()}");
        }

        output.WriteLine($"scenario 7 (bad input): {trials} trials ({unsendable} the client refused to send), {failures.Count} failures, {clock.Elapsed.TotalSeconds:F1} s, seed {seed}");
        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}")));
        output.WriteLine($"connections closed by the server without an answer (server still serving): {closed}");
        foreach (var example in closedExamples.Take(5))
        {
            output.WriteLine("  closed " + example);
        }

        foreach (var failure in failures.Take(20))
        {
            output.WriteLine("FAIL " + failure);
        }

        if (failures.Count > 0)
        {
            // The server logs what it threw; without it a 5xx found in CI cannot be diagnosed.
            output.WriteLine("server output (last lines):\n" + string.Join('\n', app.RecentOutput.TakeLast(40)));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures in {trials} trials (seed {seed}):\n" + string.Join("\n", failures.Take(5)));
    }

    /// <summary>Sends one request; returns its status and, when it breaks an invariant, why.</summary>
    private static async Task<(int Status, string? Failure)> SendAsync(HttpClient client, FuzzRequest request)
    {
        // A connection the server closed early (a refusal before the whole body was read, or a pooled
        // connection it had just closed) is retried once on a fresh connection before it counts.
        var first = await SendOnceAsync(client, request);
        return first.Status == -1 && !first.Failure!.StartsWith("no answer", StringComparison.Ordinal) ? await SendOnceAsync(client, request) : first;
    }

    private static async Task<(int Status, string? Failure)> SendOnceAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Path, UriKind.Relative));
        try
        {
            if (request.Multipart is not null)
            {
                message.Content = request.Multipart();
            }
            else if (request.Body is not null)
            {
                message.Content = new ByteArrayContent(request.Body);
                message.Content.Headers.ContentType = null;
                foreach (var type in request.ContentTypes)
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }

            foreach (var header in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value) && message.Content is not null)
                {
                    message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            return (0, null);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return (-1, "no answer within 20 s");
        }
        catch (HttpRequestException e) when (e.InnerException is FormatException or ArgumentException)
        {
            return (0, null);
        }
        catch (HttpRequestException e)
        {
            return (-1, $"connection failed: {e.HttpRequestError} {e.Message} {e.InnerException?.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return (status, "a 5xx: " + await ReadPrefixAsync(response, timeout.Token));
            }

            if (status is >= 200 and < 300)
            {
                return (status, request.TargetsVictim ? "2xx for the victim's resource" : null);
            }

            if (status >= 400)
            {
                if (response.Content.Headers.ContentType is null && response.Headers.ConnectionClose == true && status is 400 or 413 or 414 or 431)
                {
                    // Kestrel refused the request itself (malformed target or headers, too long): it closes the connection.
                    return (status, null);
                }

                var sentPath = response.RequestMessage?.RequestUri?.AbsolutePath ?? request.Path;
                if (!sentPath.StartsWith("/api/", StringComparison.Ordinal) && sentPath != "/api")
                {
                    // Outside /api (the UI's routes, /elements/…): plain 404/405, no problem+json (documented).
                    return (status, status is 404 or 405 ? null : $"a {status} outside /api");
                }

                return (status, request.Method == HttpMethod.Head ? null : await CheckProblemAsync(response, timeout.Token));
            }

            return (status, null);
        }
    }

    /// <summary>A 4xx must be problem+json with a code, except where documented (see docs/reliability.md).</summary>
    private static async Task<string?> CheckProblemAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"a {(int)response.StatusCode} that is not problem+json ({response.Content.Headers.ContentType?.ToString() ?? "no content type"})";
        }

        var body = await response.Content.ReadAsStringAsync(cancellation);
        try
        {
            return JsonNode.Parse(body)?["code"]?.GetValue<string>() is { Length: > 0 } ? null : "problem+json without a code: " + body;
        }
        catch (System.Text.Json.JsonException)
        {
            return "problem+json that is not JSON: " + body[..Math.Min(body.Length, 200)];
        }
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var body = await response.Content.ReadAsStringAsync(cancellation);
        return body[..Math.Min(body.Length, 300)];
    }

    private static string Short(FuzzRequest request)
    {
        var text = request.Describe();
        return text[..Math.Min(text.Length, 400)];
    }

    private static async Task<bool> ServingAsync(TestAppProcess app, HttpClient client)
    {
        try
        {
            using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            return !app.HasExited && health.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static HttpClient User(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }, disposeHandler: true) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A thread with the greeting, one message and its echoed reply, all runs finished.</summary>
    private static async Task<string> SetUpThreadAsync(HttpClient client)
    {
        using var created = await client.PostAsync(new Uri("/api/threads", UriKind.Relative), JsonContent($"{{\"clientId\":\"{Guid.NewGuid():N}\"}}"));
        created.EnsureSuccessStatusCode();
        var thread = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["thread"]!["id"]!.GetValue<string>();
        using var sent = await client.PostAsync(new Uri($"/api/threads/{thread}/messages", UriKind.Relative), JsonContent($"{{\"clientId\":\"{Guid.NewGuid():N}\",\"content\":\"hello\"}}"));
        sent.EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var snapshot = await SnapshotAsync(client, thread);
            var settled = snapshot["activeRun"] is null && snapshot["queued"] is not JsonArray { Count: > 0 };
            if (settled && snapshot["items"]!.AsArray().Any(i => i?["content"]?.GetValue<string>() == "echo: hello"))
            {
                return thread;
            }

            Assert.True(DateTime.UtcNow < deadline, "the set-up message was not echoed: " + snapshot.ToJsonString());
            await Task.Delay(100);
        }
    }

    private static async Task<string> UploadAsync(HttpClient client, string thread)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(thread), "threadId");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("a private note"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "note.txt");
        using var response = await client.PostAsync(new Uri("/api/files", UriKind.Relative), form);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> SnapshotAsync(HttpClient client, string thread)
    {
        using var response = await client.GetAsync(new Uri($"/api/threads/{thread}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static List<string> ItemIds(JsonNode snapshot) =>
        [.. snapshot["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

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
