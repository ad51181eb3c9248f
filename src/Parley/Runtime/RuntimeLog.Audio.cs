using Microsoft.Extensions.Logging;

namespace Parley.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(280, LogLevel.Debug, "Audio stream {StreamId} began in thread {ThreadId} ({MimeType}).")]
    public static partial void AudioStreamStarted(ILogger logger, string streamId, string threadId, string mimeType);

    [LoggerMessage(281, LogLevel.Information, "The app refused an audio stream in thread {ThreadId}.")]
    public static partial void AudioStreamRefused(ILogger logger, string threadId);

    [LoggerMessage(282, LogLevel.Debug, "Audio stream {StreamId} in thread {ThreadId} ended: {Chunks} chunks, {Bytes} bytes, run {RunId}.")]
    public static partial void AudioStreamEnded(ILogger logger, string streamId, string threadId, int chunks, long bytes, string runId);

    [LoggerMessage(283, LogLevel.Debug, "Audio stream {StreamId} in thread {ThreadId} expired after {IdleTimeout} without a chunk.")]
    public static partial void AudioStreamExpired(ILogger logger, string streamId, string threadId, TimeSpan idleTimeout);
}
