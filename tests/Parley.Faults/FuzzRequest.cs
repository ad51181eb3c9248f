namespace Parley.Faults;

/// <summary>One generated request: what to send, and whether it addresses the victim's resources.</summary>
internal sealed class FuzzRequest
{
    public required HttpMethod Method { get; init; }

    public required string Path { get; init; }

    /// <summary>The body, or null for none.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Content-Type values (several: a duplicated header); empty: none.</summary>
    public IReadOnlyList<string> ContentTypes { get; init; } = [];

    /// <summary>Multipart content instead of <see cref="Body"/>.</summary>
    public Func<HttpContent>? Multipart { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>True when the request names one of the victim's ids where an id is expected: never 2xx.</summary>
    public bool TargetsVictim { get; init; }

    /// <summary>An event stream: only the status and headers are read.</summary>
    public bool Streaming { get; init; }

    public string Describe()
    {
        var prefix = Body is null ? (Multipart is null ? "" : "<multipart>") : System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 120));
        var length = Body?.Length ?? 0;
        var types = ContentTypes.Count == 0 ? "none" : string.Join(" | ", ContentTypes);
        var headers = Headers.Count == 0 ? "" : " headers: " + string.Join(", ", Headers.Select(h => h.Key + "=" + (h.Value.Length > 40 ? h.Value[..40] + $"…({h.Value.Length})" : h.Value)));
        return $"{Method} {Path} [content-type: {types}; {length} bytes]{headers} body: {prefix.ReplaceLineEndings(" ")}";
    }
}
