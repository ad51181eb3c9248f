using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Storage;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

/// <summary>Window messages and audio streams over real HTTP: the happy paths and every bad input.</summary>
public sealed class EmbeddingHttpTests : IAsyncLifetime
{
    private const string Mime = "audio/webm;codecs=opus";
    private ParleyServer _server = null!;
    private ParleyClient _owner = null!;
    private ParleyClient _stranger = null!;
    private string _threadId = "";

    public async Task InitializeAsync()
    {
        var script = new AppScript
        {
            WindowMessage = ctx => ctx.SendWindowMessageAsync(JsonNodeOf("""{"echo":true}""")),
            AudioStart = ctx => ValueTask.FromResult(ctx.MimeType != "audio/refuse"),
            AudioEnd = (chat, recording) => chat.SayAsync($"heard {recording.ChunkCount} chunks, {recording.Size} bytes of {recording.MimeType}"),
        };
        _server = await ParleyServer.StartAsync(
            script,
            options: o =>
            {
                o.Audio.Enabled = true;
                o.Audio.MaxStreamBytes = 100_000;
            },
            http: o =>
            {
                o.MaxRequestBodyBytes = 64 * 1024;
                o.WindowMessageOrigins.Add("https://host.example");
            });
        _owner = _server.NewClient();
        _stranger = _server.NewClient();
        _threadId = await _owner.CreateThreadAsync();
        await _stranger.CreateThreadAsync();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _stranger.Dispose();
        await _server.DisposeAsync();
    }

    private static System.Text.Json.JsonElement JsonNodeOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task GetApp_DescribesAudioAndWindowMessages()
    {
        var app = await ParleyClient.ReadJsonAsync(await _owner.Http.GetAsync("/api/app"));
        var features = app["features"]!;

        Assert.True(features["audio"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(100_000, features["audio"]!["maxStreamBytes"]!.GetValue<long>());
        Assert.Equal(600_000, features["audio"]!["maxStreamDurationMs"]!.GetValue<long>());
        Assert.Equal(64 * 1024, features["audio"]!["maxChunkBytes"]!.GetValue<int>());
        Assert.Equal(["https://host.example"], features["windowMessages"]!["origins"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal(16 * 1024, features["windowMessages"]!["maxDataBytes"]!.GetValue<int>());
    }

    [Fact]
    public async Task UiPage_AllowsTheConfiguredOriginsToFrameIt()
    {
        var page = await _owner.Http.GetAsync("/");

        Assert.EndsWith("frame-ancestors 'self' https://host.example", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostWindowMessage_Returns202_AndTheAppsReplyIsAnEphemeralEvent()
    {
        await using var events = await _owner.SubscribeAsync(_threadId);
        await events.WaitForAsync(e => e.OfType<PresenceEvent>().Any());

        var response = await _owner.PostJsonAsync($"/api/threads/{_threadId}/window-messages", new { data = new { kind = "ping" } });
        var all = await events.WaitForAsync(e => e.OfType<WindowMessageEvent>().Any());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"echo":true}""", all.OfType<WindowMessageEvent>().Single().Data.GetRawText());
        await _server.Script.Hooks.WaitForAsync("WindowMessage");
    }

    public static TheoryData<string, string, int, string> BadWindowMessages() => new()
    {
        { "not json", "application/json", 400, "validation_failed" },
        { "{}", "application/json", 400, "validation_failed" },
        { "[1]", "application/json", 400, "validation_failed" },
        { """{"data":1}""", "text/plain", 415, "unsupported_media_type" },
        { "{\"data\":\"" + new string('a', 17 * 1024) + "\"}", "application/json", 413, "payload_too_large" },
    };

    [Theory]
    [MemberData(nameof(BadWindowMessages))]
    public async Task PostWindowMessage_BadInput_Is4xxAndFiresNothing(string body, string contentType, int status, string code)
    {
        var response = await _owner.PostRawAsync($"/api/threads/{_threadId}/window-messages", body, contentType);

        await AssertProblemAsync(response, status, code);
        Assert.Equal(0, _server.Script.Hooks.Count("WindowMessage"));
    }

    [Fact]
    public async Task PostWindowMessage_AnotherUsersThread_Is404()
    {
        var response = await _stranger.PostJsonAsync($"/api/threads/{_threadId}/window-messages", new { data = 1 });

        await AssertProblemAsync(response, 404, "thread_not_found");
        Assert.Equal(0, _server.Script.Hooks.Count("WindowMessage"));
    }

    [Fact]
    public async Task Audio_StartChunksEnd_TheAppRepliesToTheRecording()
    {
        var streamId = await StartAsync(_owner, _threadId);
        Assert.Equal(HttpStatusCode.Accepted, (await ChunkAsync(_owner, _threadId, streamId, new byte[1000], 250)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ChunkAsync(_owner, _threadId, streamId, new byte[500], 500)).StatusCode);

        var end = await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio/{streamId}/end", new { });
        var ended = await ParleyClient.ReadJsonAsync(end);
        var again = await ParleyClient.ReadJsonAsync(await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio/{streamId}/end", new { }));

        Assert.Equal(HttpStatusCode.Accepted, end.StatusCode);
        Assert.StartsWith("run_", ended["runId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ended["runId"]!.GetValue<string>(), again["runId"]!.GetValue<string>());
        await WaitForReplyAsync($"heard 2 chunks, 1500 bytes of {Mime}");

        // The run's recording is stored with it (SQLite, as JSON), so a queued audio run survives a restart.
        var stored = await _server.Services.GetRequiredService<IChatStore>().GetRunAsync(ended["runId"]!.GetValue<string>(), CancellationToken.None);
        Assert.Equal(RunTrigger.Audio, stored!.Trigger);
        Assert.Equal(streamId, stored.Audio!.StreamId);
        Assert.Equal(1500, stored.Audio.Size);
        Assert.Equal(2, stored.Audio.ChunkCount);
        Assert.Equal(500, stored.Audio.DurationMs);
        Assert.StartsWith("fil_", stored.Audio.FileId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_Refused_Is409()
    {
        var response = await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio", new { mimeType = "audio/refuse" });

        await AssertProblemAsync(response, 409, "audio_refused");
    }

    [Fact]
    public async Task Audio_BadStarts_Are4xx()
    {
        await AssertProblemAsync(await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio", new { mimeType = "video/webm" }), 415, "unsupported_media_type");
        await AssertProblemAsync(await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio", new { }), 400, "validation_failed");
        await AssertProblemAsync(await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio", new { mimeType = "audio" }), 400, "validation_failed");
        await AssertProblemAsync(await _owner.PostRawAsync($"/api/threads/{_threadId}/audio", """{"mimeType":"audio/webm"}""", "text/plain"), 415, "unsupported_media_type");
        await AssertProblemAsync(await _stranger.PostJsonAsync($"/api/threads/{_threadId}/audio", new { mimeType = Mime }), 404, "thread_not_found");
        await AssertProblemAsync(await _owner.PostJsonAsync("/api/threads/thr_nope/audio", new { mimeType = Mime }), 404, "thread_not_found");
        Assert.Equal(0, _server.Script.Hooks.Count("AudioStart"));
    }

    [Fact]
    public async Task Audio_BadChunks_Are4xxAndChangeNothing()
    {
        var streamId = await StartAsync(_owner, _threadId);
        var path = $"/api/threads/{_threadId}/audio/{streamId}/chunks";

        var noElapsed = await _owner.Http.PostAsync(path, Bytes(new byte[10]));
        var badElapsed = await ChunkAsync(_owner, _threadId, streamId, new byte[10], elapsed: "-5");
        var textPlain = await _owner.PostRawAsync(path, "abc", "text/plain");
        var form = await _owner.PostRawAsync(path, "a=b", "application/x-www-form-urlencoded");
        var empty = await ChunkAsync(_owner, _threadId, streamId, [], 1);
        var unknown = await ChunkAsync(_owner, _threadId, "aud_nope", new byte[10], 1);
        var stranger = await ChunkAsync(_stranger, _threadId, streamId, new byte[10], 1);
        var oversized = await ChunkAsync(_owner, _threadId, streamId, new byte[65 * 1024], 1);   // last: the server closes the connection

        await AssertProblemAsync(noElapsed, 400, "validation_failed");
        await AssertProblemAsync(badElapsed, 400, "validation_failed");
        await AssertProblemAsync(textPlain, 415, "unsupported_media_type");
        await AssertProblemAsync(form, 415, "unsupported_media_type");
        await AssertProblemAsync(empty, 400, "validation_failed");
        await AssertProblemAsync(oversized, 413, "payload_too_large");
        await AssertProblemAsync(unknown, 404, "audio_stream_not_found");
        await AssertProblemAsync(stranger, 404, "thread_not_found");
        Assert.Equal(0, _server.Script.Hooks.Count("AudioChunk"));
    }

    [Fact]
    public async Task Audio_OverTheStreamLimit_Is413_AndAChunkAfterTheEndIs409()
    {
        var streamId = await StartAsync(_owner, _threadId);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await ChunkAsync(_owner, _threadId, streamId, new byte[40_000], i * 100)).StatusCode);
        }

        await AssertProblemAsync(await ChunkAsync(_owner, _threadId, streamId, new byte[40_000], 300), 413, "payload_too_large");
        await AssertProblemAsync(await _stranger.PostJsonAsync($"/api/threads/{_threadId}/audio/{streamId}/end", new { }), 404, "thread_not_found");
        await AssertProblemAsync(await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio/aud_nope/end", new { }), 404, "audio_stream_not_found");
        Assert.Equal(HttpStatusCode.Accepted, (await _owner.PostJsonAsync($"/api/threads/{_threadId}/audio/{streamId}/end", new { })).StatusCode);
        await AssertProblemAsync(await ChunkAsync(_owner, _threadId, streamId, new byte[10], 400), 409, "audio_stream_ended");
        await WaitForReplyAsync($"heard 2 chunks, 80000 bytes of {Mime}");
    }

    [Fact]
    public async Task Audio_Disabled_Is404()
    {
        await using var server = await ParleyServer.StartAsync(sqlite: false);
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();

        await AssertProblemAsync(await client.PostJsonAsync($"/api/threads/{threadId}/audio", new { mimeType = Mime }), 404, "audio_disabled");
        await AssertProblemAsync(await ChunkAsync(client, threadId, "aud_x", new byte[1], 1), 404, "audio_disabled");
        await AssertProblemAsync(await client.PostJsonAsync($"/api/threads/{threadId}/audio/aud_x/end", new { }), 404, "audio_disabled");
        var app = await ParleyClient.ReadJsonAsync(await client.Http.GetAsync("/api/app"));
        Assert.False(app["features"]!["audio"]!["enabled"]!.GetValue<bool>());
        Assert.Empty(app["features"]!["windowMessages"]!["origins"]!.AsArray());
    }

    private static async Task<string> StartAsync(ParleyClient client, string threadId)
    {
        var response = await client.PostJsonAsync($"/api/threads/{threadId}/audio", new { mimeType = Mime });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ParleyClient.ReadJsonAsync(response))["streamId"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> ChunkAsync(ParleyClient client, string threadId, string streamId, byte[] data, long elapsedMs) =>
        ChunkAsync(client, threadId, streamId, data, elapsedMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Task<HttpResponseMessage> ChunkAsync(ParleyClient client, string threadId, string streamId, byte[] data, string elapsed)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/threads/{threadId}/audio/{streamId}/chunks") { Content = Bytes(data) };
        request.Headers.Add("X-Elapsed-Ms", elapsed);
        return client.Http.SendAsync(request);
    }

    private static ByteArrayContent Bytes(byte[] data)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private async Task WaitForReplyAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await _owner.GetThreadAsync(_threadId)).Items.OfType<AssistantMessage>().Any(m => m.Content == text))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no reply '{text}'");
            await Task.Delay(20);
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonNode.Parse(body)!["code"]!.GetValue<string>());
    }
}
