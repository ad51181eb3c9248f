using Microsoft.Extensions.Logging;

namespace Parley.Runtime;

/// <summary>Log messages of elements (ids 220–239).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(220, LogLevel.Debug, "Element {ElementId} ({Kind}) prepared in thread {ThreadId}; {Bytes} bytes stored.")]
    public static partial void ElementPrepared(ILogger logger, string elementId, ElementKind kind, string threadId, long bytes);
}
