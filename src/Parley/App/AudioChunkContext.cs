using Parley.Runtime;

namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnAudioChunkAsync"/>: one chunk of a recording, in order.</summary>
public sealed class AudioChunkContext : ThreadHookContext
{
    internal AudioChunkContext(ThreadHost host, ChatUser user, SessionValues session, IServiceProvider services, string streamId, AudioChunk chunk)
        : base(host, user, session, services)
    {
        StreamId = streamId;
        Chunk = chunk;
    }

    /// <summary>The stream's id (<c>aud_…</c>).</summary>
    public string StreamId { get; }

    /// <summary>The chunk.</summary>
    public AudioChunk Chunk { get; }
}
