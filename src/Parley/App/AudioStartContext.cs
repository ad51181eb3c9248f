using Parley.Runtime;

namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnAudioStartAsync"/>: the user began recording.</summary>
public sealed class AudioStartContext : ThreadHookContext
{
    internal AudioStartContext(ThreadHost host, ChatUser user, SessionValues session, IServiceProvider services, string streamId, string mimeType)
        : base(host, user, session, services)
    {
        StreamId = streamId;
        MimeType = mimeType;
    }

    /// <summary>The stream's id (<c>aud_…</c>).</summary>
    public string StreamId { get; }

    /// <summary>The media type the UI records, for example <c>audio/webm;codecs=opus</c>.</summary>
    public string MimeType { get; }
}
