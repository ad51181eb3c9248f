using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Serialization;

namespace Parley.Testing;

/// <summary>A browser-like client of the protocol: one cookie jar, raw HTTP, typed helpers.</summary>
public sealed class ParleyClient : IDisposable
{
    private readonly HttpClient _http;

    public ParleyClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        Handler = new SocketsHttpHandler { CookieContainer = Cookies, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(Handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public CookieContainer Cookies { get; }

    public SocketsHttpHandler Handler { get; }

    public HttpClient Http => _http;

    /// <summary>
    /// A client of another server on <paramref name="baseAddress"/> (the same app restarted, on a new
    /// port) with this client's cookies, so the same identity: an HttpClient's base address is fixed.
    /// </summary>
    public ParleyClient WithSameIdentity(Uri baseAddress)
    {
        var client = new ParleyClient(baseAddress);
        foreach (Cookie cookie in Cookies.GetAllCookies())
        {
            client.Cookies.Add(new Cookie(cookie.Name, cookie.Value, "/", baseAddress.Host));
        }

        return client;
    }

    public async Task<string> CreateThreadAsync(string? clientId = null)
    {
        var response = await PostJsonAsync("/api/threads", new { clientId = clientId ?? Guid.NewGuid().ToString("n") });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ReadJsonAsync(response);
        return body["thread"]!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> SendAsync(string threadId, string content, string? clientId = null)
    {
        var response = await PostJsonAsync($"/api/threads/{threadId}/messages", new { clientId = clientId ?? Guid.NewGuid().ToString("n"), content });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public async Task<ThreadView> GetThreadAsync(string threadId)
    {
        var response = await _http.GetAsync($"/api/threads/{threadId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        return new ThreadView
        {
            Thread = json["thread"].Deserialize(ParleyJson.Thread)!,
            Items = json["items"]!.AsArray().Select(i => i.Deserialize(ParleyJson.Item)!).ToList(),
            LastSeq = json["lastSeq"]!.GetValue<long>(),
            ActiveRun = json["activeRun"] is JsonObject run
                ? new RunSummary(run["runId"]!.GetValue<string>(), Enum.Parse<RunTrigger>(run["trigger"]!.GetValue<string>().Replace("_", "", StringComparison.Ordinal), ignoreCase: true), run["allowCancel"]!.GetValue<bool>())
                : null,
        };
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => _http.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        _http.PostAsync(path, new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content = null) =>
        _http.SendAsync(new HttpRequestMessage(method, path) { Content = content });

    /// <summary>Opens the event stream; the caller reads it with <see cref="SseReader"/>.</summary>
    public async Task<SseReader> SubscribeAsync(string threadId, long? after = null, long? lastEventId = null, ThreadReplica? replica = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/threads/{threadId}/events" + (after is { } a ? $"?after={a}" : ""));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseReader(response, replica ?? new ThreadReplica(lastSeq: lastEventId ?? after ?? 0));
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public void Dispose() => _http.Dispose();
}
