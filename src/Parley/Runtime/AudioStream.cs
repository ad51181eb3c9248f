namespace Parley.Runtime;

/// <summary>
/// One recording being streamed into a thread: its bytes so far, its chunk count and the tail of its
/// chunk hooks. Lives in its <see cref="ThreadHost"/> until it ends and then goes idle, or expires.
/// </summary>
/// <remarks>Fields change under <see cref="Sync"/>.</remarks>
internal sealed class AudioStream(string id, string mimeType, string? clientId, ThreadSession session, ChatUser user)
{
    public Lock Sync { get; } = new();

    public string Id { get; } = id;

    public string MimeType { get; } = mimeType;

    public string? ClientId { get; } = clientId;

    /// <summary>The session the stream began in; a stream does not outlive it.</summary>
    public ThreadSession Session { get; } = session;

    public ChatUser User { get; } = user;

    /// <summary>The bytes so far; null once the stream ended (they are in the file store then).</summary>
    public MemoryStream? Buffer { get; set; } = new();

    public int ChunkCount { get; set; }

    public long DurationMs { get; set; }

    /// <summary>Completes when every chunk hook queued so far has run.</summary>
    public Task LastHook { get; set; } = Task.CompletedTask;

    /// <summary>Set by the first end; a repeated end gets the same answer.</summary>
    public Task<AudioEndAccepted>? Ending { get; set; }

    public ITimer? IdleTimer { get; set; }
}
