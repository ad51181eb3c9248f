using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

/// <summary>Malformed, oversized and foreign requests get their documented 4xx, never a 5xx, and change nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private ParleyServer _server = null!;
    private ParleyClient _owner = null!;
    private ParleyClient _stranger = null!;
    private string _threadId = "";
    private string _userMessageId = "";

    public async Task InitializeAsync()
    {
        _server = await ParleyServer.StartAsync(
            new AppScript { Message = (chat, _) => chat.SayAsync("ok") },
            options: o =>
            {
                o.MaxMessageLength = 1000;
                o.Audio.Enabled = true;
            },
            http: o => o.MaxRequestBodyBytes = 64 * 1024);
        _owner = _server.NewClient();
        _stranger = _server.NewClient();
        _threadId = await _owner.CreateThreadAsync();
        var sent = await _owner.SendAsync(_threadId, "hello");
        _userMessageId = sent["item"]!["id"]!.GetValue<string>();
        await WaitIdleAsync();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _stranger.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string, string, int, string> Requests()
    {
        var big = new string('a', 70 * 1024);
        return new()
        {
            // method, path ({t} = the owner's thread, {m} = a user message), body, status, code
            { "POST", "/api/threads", "not json", 400, "validation_failed" },
            { "POST", "/api/threads", "{}", 400, "validation_failed" },
            { "POST", "/api/threads", "[]", 400, "validation_failed" },
            { "POST", "/api/threads", "null", 400, "validation_failed" },
            { "POST", "/api/threads", """{"clientId":123}""", 400, "validation_failed" },
            { "POST", "/api/threads", """{"clientId":"has spaces and / slashes"}""", 400, "validation_failed" },
            { "POST", "/api/threads", "{\"clientId\":\"" + new string('x', 200) + "\"}", 400, "validation_failed" },
            { "POST", "/api/threads", "{\"clientId\":\"c\",\"metadata\":{\"k\":\"" + new string('m', 20_000) + "\"}}", 400, "validation_failed" },
            { "POST", "/api/threads", "{\"clientId\":\"" + big + "\"}", 413, "payload_too_large" },
            { "POST", "/api/threads", new string('[', 5000) + new string(']', 5000), 400, "validation_failed" },
            { "POST", "/api/threads/{t}/messages", """{"clientId":"c1"}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/messages", """{"clientId":"c1","content":"   "}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/messages", """{"clientId":"c1","content":42}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/messages", """{"content":"no client id"}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/messages", "{\"clientId\":\"c1\",\"content\":\"" + new string('z', 1001) + "\"}", 413, "payload_too_large" },
            { "POST", "/api/threads/{t}/messages", """{"clientId":"c1","content":"x","attachments":[{"id":"fil_1","url":"file:///etc/passwd"}]}""", 400, "validation_failed" },
            { "POST", "/api/threads/thr_doesnotexist/messages", """{"clientId":"c1","content":"x"}""", 404, "thread_not_found" },
            { "POST", "/api/threads/..%2F..%2Fetc/messages", """{"clientId":"c1","content":"x"}""", 404, "thread_not_found" },
            { "GET", "/api/threads/thr_doesnotexist", "", 404, "thread_not_found" },
            { "GET", "/api/threads?limit=abc", "", 400, "validation_failed" },
            { "GET", "/api/threads?limit=0", "", 400, "validation_failed" },
            { "GET", "/api/threads?limit=101", "", 400, "validation_failed" },
            { "GET", "/api/threads?cursor=garbage", "", 400, "validation_failed" },
            { "GET", "/api/threads/{t}/events?after=-1", "", 400, "validation_failed" },
            { "GET", "/api/threads/{t}/events?after=abc", "", 400, "validation_failed" },
            { "GET", "/api/threads/thr_doesnotexist/events", "", 404, "thread_not_found" },
            { "POST", "/api/threads/{t}/stop", """{"runId":"run_doesnotexist"}""", 404, "run_not_found" },
            { "POST", "/api/threads/{t}/stop", "{bad", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/asks/itm_doesnotexist/answer", """{"clientId":"a","content":"x"}""", 404, "item_not_found" },
            { "POST", "/api/threads/{t}/asks/{m}/answer", """{"clientId":"a","content":"x"}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/asks/{m}/answer", """{"clientId":"a","actionId":"x"}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/retry", """{"clientId":"r"}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/retry", """{"clientId":"r","itemId":"itm_doesnotexist"}""", 404, "item_not_found" },
            { "POST", "/api/threads/{t}/retry", """{"clientId":"r","itemId":"{m}"}""", 409, "retry_not_allowed" },
            { "PATCH", "/api/threads/{t}", "{}", 400, "validation_failed" },
            { "PATCH", "/api/threads/{t}", "{\"name\":\"" + new string('n', 201) + "\"}", 400, "validation_failed" },
            { "PATCH", "/api/threads/{t}", """{"name":"   "}""", 400, "validation_failed" },
            // Found by the fuzzer: an escaped lone surrogate in a field kept as raw JSON was a 500.
            { "PATCH", "/api/threads/{t}", """{"metadata":{"k":"\uDFFD"}}""", 400, "validation_failed" },
            { "PATCH", "/api/threads/{t}", """{"metadata":{"\uD800x":1}}""", 400, "validation_failed" },
            { "PATCH", "/api/threads/{t}", """{"name":"a\uDC00"}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/window-messages", """{"data":["\uDFFF"]}""", 400, "validation_failed" },
            { "PUT", "/api/threads/{t}/settings", """{"values":{"model":"\uD83D"}}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/messages", """{"clientId":"c1","content":"\uD83D"}""", 400, "validation_failed" },
            { "GET", "/api/nothing-here", "", 404, "not_found" },
            { "POST", "/api/threads/{t}/feedback", """{"itemId":"{m}","value":1}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/feedback", """{"itemId":"itm_doesnotexist","value":1}""", 404, "item_not_found" },
            { "POST", "/api/threads/{t}/feedback", """{"itemId":"{m}","value":5}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/feedback", """{"value":1}""", 400, "validation_failed" },
            { "POST", "/api/threads/{t}/feedback", """{"itemId":"{m}","value":"up"}""", 400, "validation_failed" },
        };
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Request_Bad_DocumentedProblemAndNothingChanged(string method, string path, string body, int status, string code)
    {
        var before = await _owner.GetThreadAsync(_threadId);
        path = path.Replace("{t}", _threadId, StringComparison.Ordinal).Replace("{m}", _userMessageId, StringComparison.Ordinal).Replace("{m}", _userMessageId, StringComparison.Ordinal);
        body = body.Replace("{m}", _userMessageId, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _owner.Http.SendAsync(request);

        await AssertProblemAsync(response, status, code);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Request_WrongContentType_415()
    {
        using var response = await _owner.PostRawAsync($"/api/threads/{_threadId}/messages", "clientId=c&content=x", "application/x-www-form-urlencoded");

        await AssertProblemAsync(response, 415, "unsupported_media_type");
    }

    [Fact]
    public async Task Request_InvalidUtf8_400()
    {
        var bytes = new ByteArrayContent([.. "{\"clientId\":\"c\",\"content\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()]);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _owner.Http.PostAsync($"/api/threads/{_threadId}/messages", bytes);

        await AssertProblemAsync(response, 400, "validation_failed");
    }

    // Found by the fuzzer (tests/Parley.Faults): invalid UTF-8 inside a field kept as raw JSON was a 500.
    [Theory]
    [InlineData("/window-messages", "{\"data\":\"", "\"}")]
    [InlineData("/window-messages", "{\"data\":{\"", "\":1}}")]
    [InlineData("/settings", "{\"values\":{\"model\":\"", "\"}}")]
    public async Task Request_InvalidUtf8InRawJsonField_400(string path, string head, string tail)
    {
        var before = await _owner.GetThreadAsync(_threadId);
        var bytes = new ByteArrayContent([.. System.Text.Encoding.UTF8.GetBytes(head), 0xC3, 0x28, 0xFF, .. System.Text.Encoding.UTF8.GetBytes(tail)]);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _owner.Http.SendAsync(new HttpRequestMessage(path == "/settings" ? HttpMethod.Put : HttpMethod.Post, $"/api/threads/{_threadId}{path}") { Content = bytes });

        await AssertProblemAsync(response, 400, "validation_failed");
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Request_EscapedSurrogatePair_Accepted()
    {
        using var response = await _owner.Http.PatchAsync(
            $"/api/threads/{_threadId}",
            new StringContent("""{"name":"smile \uD83D\uDE00","metadata":{"\uD83D\uDE00":"\uD83D\uDE00"}}""", Encoding.UTF8, "application/json"));

        var thread = (await ParleyClient.ReadJsonAsync(response))["thread"]!;
        Assert.Equal("smile \U0001F600", thread["name"]!.GetValue<string>());
        Assert.Equal("\U0001F600", thread["metadata"]!["\U0001F600"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_ChunkedBodyOverLimit_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"clientId\":\"" + new string('q', 100_000) + "\"}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/threads") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _owner.Http.SendAsync(request);

        await AssertProblemAsync(response, 413, "payload_too_large");
    }

    [Theory]
    [InlineData("GET", "/api/threads/{t}", "")]
    [InlineData("GET", "/api/threads/{t}/events", "")]
    [InlineData("POST", "/api/threads/{t}/messages", """{"clientId":"s1","content":"intrusion"}""")]
    [InlineData("PATCH", "/api/threads/{t}", """{"name":"stolen"}""")]
    [InlineData("DELETE", "/api/threads/{t}", "")]
    [InlineData("POST", "/api/threads/{t}/stop", "{}")]
    [InlineData("POST", "/api/threads/{t}/end", "{}")]
    [InlineData("POST", "/api/threads/{t}/retry", """{"clientId":"s2","itemId":"{m}"}""")]
    [InlineData("POST", "/api/threads/{t}/feedback", """{"itemId":"{m}","value":1}""")]
    [InlineData("POST", "/api/threads/{t}/actions", """{"clientId":"s3","itemId":"{m}","actionId":"act_x"}""")]
    [InlineData("POST", "/api/threads/{t}/asks/{m}/answer", """{"clientId":"s4","content":"mine now"}""")]
    [InlineData("PUT", "/api/threads/{t}/settings", """{"values":{}}""")]
    [InlineData("POST", "/api/threads/{t}/window-messages", """{"data":{"x":1}}""")]
    [InlineData("POST", "/api/threads/{t}/audio", """{"mimeType":"audio/webm"}""")]
    [InlineData("POST", "/api/threads/{t}/audio/aud_x/end", "{}")]
    public async Task Request_AnotherUsersThread_404AndNothingChanged(string method, string path, string body)
    {
        var before = await _owner.GetThreadAsync(_threadId);
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{t}", _threadId, StringComparison.Ordinal).Replace("{m}", _userMessageId, StringComparison.Ordinal));
        if (body.Length > 0)
        {
            request.Content = new StringContent(body.Replace("{m}", _userMessageId, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }

        using var response = await _stranger.Http.SendAsync(request);

        await AssertProblemAsync(response, 404, "thread_not_found");
        await AssertUnchangedAsync(before);
        var list = await ParleyClient.ReadJsonAsync(await _stranger.Http.GetAsync("/api/threads"));
        Assert.Empty(list["threads"]!.AsArray());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
    }

    private async Task AssertUnchangedAsync(ThreadView before)
    {
        var after = await _owner.GetThreadAsync(_threadId);
        Assert.Equal(before.LastSeq, after.LastSeq);
        ProtocolAssert.SameItems(before.Items, after.Items);
        Assert.Equal(before.Thread.Name, after.Thread.Name);
    }

    private async Task WaitIdleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        // One snapshot per check: reading twice could see "no active run" (still queued) and then "two items" (running).
        while (await _owner.GetThreadAsync(_threadId) is var view && (view.ActiveRun is not null || view.Queued.Count > 0 || view.Items.Count < 2))
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(10);
        }
    }
}
