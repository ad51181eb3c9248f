using Microsoft.Extensions.Logging;

namespace Parley.AspNetCore.Endpoints;

internal static partial class EventStreamLog
{
    [LoggerMessage(1, LogLevel.Warning, "The event stream of thread {ThreadId} failed mid-stream; the client will reconnect.")]
    public static partial void StreamFailed(ILogger logger, string threadId, Exception exception);
}
