using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Parley.Faults;

/// <summary>Reads the test app's managed heap (started with <c>--diagnostics true</c>).</summary>
internal static class ServerHeap
{
    /// <summary>
    /// The managed heap after a full, compacting collection (<c>GET /test/heap</c>): what the server
    /// still holds, not garbage the collector has not reached yet, which RSS cannot tell apart.
    /// </summary>
    public static async Task<long> ReadAsync(HttpClient http)
    {
        var body = await http.GetFromJsonAsync<JsonObject>(new Uri("/test/heap", UriKind.Relative));
        return body!["heapBytes"]!.GetValue<long>();
    }
}
