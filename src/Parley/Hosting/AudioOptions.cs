namespace Parley.Hosting;

/// <summary>
/// Limits of audio recorded in the UI and streamed to the app (<see cref="ParleyOptions.Audio"/>). Turn
/// audio on with <c>builder.WithAudio()</c> or <c>o.Audio.Enabled = true</c>.
/// </summary>
public sealed class AudioOptions
{
    /// <summary>
    /// True to accept audio streams (the UI then shows a microphone button). Default false: the audio
    /// endpoints answer 404 <c>audio_disabled</c>.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The most bytes one stream may carry; a chunk beyond it gets 413 <c>payload_too_large</c>. Default 25 MiB.</summary>
    public long MaxStreamBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>
    /// The most recordings one thread may have open (started, not yet ended) at once; another start
    /// gets 409 <c>audio_refused</c>. Bounds the memory a client can hold. Default 2.
    /// </summary>
    public int MaxOpenStreamsPerThread { get; set; } = 2;

    /// <summary>
    /// The longest recording, by the chunks' elapsed time (<c>X-Elapsed-Ms</c>); a chunk beyond it gets 413
    /// <c>payload_too_large</c>. Default 10 minutes.
    /// </summary>
    public TimeSpan MaxStreamDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a stream may go without a chunk before it expires and is forgotten (later requests for it
    /// get 404 <c>audio_stream_not_found</c>); an ended stream is remembered as long, so a repeated end
    /// answers as the first did. Default 1 minute.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
