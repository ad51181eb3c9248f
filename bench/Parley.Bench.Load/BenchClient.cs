using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Parley.Bench.Load;

/// <summary>One browser identity with a large connection pool: creates threads and posts commands.</summary>
internal sealed class BenchClient : IDisposable
{
    private readonly HttpClient _http;

    public BenchClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Http => _http;

    public async Task InitializeAsync() => (await _http.GetAsync("/api/app")).EnsureSuccessStatusCode();

    public async Task<string> CreateThreadAsync()
    {
        using var response = await _http.PostAsJsonAsync("/api/threads", new { clientId = Guid.NewGuid().ToString("n") });
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["thread"]!["id"]!.GetValue<string>();
    }

    public async Task<List<string>> CreateThreadsAsync(int count, int parallelism = 16)
    {
        var ids = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) => ids[i] = await CreateThreadAsync());
        return [.. ids];
    }

    public async Task SendAsync(string threadId, string content)
    {
        using var response = await _http.PostAsJsonAsync($"/api/threads/{threadId}/messages", new { clientId = Guid.NewGuid().ToString("n"), content });
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
