using Microsoft.Extensions.Logging;

namespace Parley.Runtime;

/// <summary>The runtime's source-generated log messages. User content is never logged above Trace.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(100, LogLevel.Error, "Hook {Hook} failed in thread {ThreadId}.")]
    public static partial void HookFailed(ILogger logger, string hook, string threadId, Exception exception);

    [LoggerMessage(101, LogLevel.Error, "Run {RunId} in thread {ThreadId} failed.")]
    public static partial void RunFailed(ILogger logger, string runId, string threadId, Exception exception);

    [LoggerMessage(102, LogLevel.Error, "Run {RunId} in thread {ThreadId} could not start.")]
    public static partial void RunStartFailed(ILogger logger, string runId, string threadId, Exception exception);

    [LoggerMessage(103, LogLevel.Warning, "Run {RunId} in thread {ThreadId} ignored its cancellation for {GracePeriod}; it was finished without its handler.")]
    public static partial void RunAbandoned(ILogger logger, string runId, string threadId, TimeSpan gracePeriod);

    [LoggerMessage(104, LogLevel.Error, "OnError of run {RunId} threw; the default error is used.")]
    public static partial void OnErrorFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(105, LogLevel.Error, "OnStreamCancelled of run {RunId} threw; pending items are cancelled by default.")]
    public static partial void OnStreamCancelledFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(106, LogLevel.Warning, "Finishing run {RunId} in thread {ThreadId} failed; retrying.")]
    public static partial void FinishRetrying(ILogger logger, string runId, string threadId, Exception exception);

    [LoggerMessage(107, LogLevel.Information, "Recovered thread {ThreadId}: {Runs} unfinished runs interrupted, {Items} open items closed.")]
    public static partial void ThreadRecovered(ILogger logger, string threadId, int runs, int items);

    [LoggerMessage(108, LogLevel.Debug, "Session of thread {ThreadId} began ({Trigger}).")]
    public static partial void SessionBegan(ILogger logger, string threadId, RunTrigger trigger);

    [LoggerMessage(109, LogLevel.Debug, "Session of thread {ThreadId} ended ({Reason}).")]
    public static partial void SessionEnded(ILogger logger, string threadId, ChatEndReason reason);

    [LoggerMessage(110, LogLevel.Error, "A handler of run {RunId} threw after it was abandoned.")]
    public static partial void AbandonedHandlerFaulted(ILogger logger, string runId, Exception exception);

    [LoggerMessage(111, LogLevel.Warning, "Saving the session of thread {ThreadId} failed.")]
    public static partial void SessionSaveFailed(ILogger logger, string threadId, Exception exception);

    [LoggerMessage(113, LogLevel.Error, "The run loop of thread {ThreadId} caught an exception from run {RunId}.")]
    public static partial void RunLoopFault(ILogger logger, string runId, string threadId, Exception exception);

    [LoggerMessage(114, LogLevel.Error, "Disposing the DI scope of run {RunId} in thread {ThreadId} failed.")]
    public static partial void ScopeDisposeFailed(ILogger logger, string runId, string threadId, Exception exception);

    [LoggerMessage(115, LogLevel.Warning, "Hook {Hook} in thread {ThreadId} did not finish within {Timeout}; it was left running.")]
    public static partial void HookTimedOut(ILogger logger, string hook, string threadId, TimeSpan timeout);

    [LoggerMessage(116, LogLevel.Warning, "Tool {Tool} called by the model in run {RunId} of thread {ThreadId} threw.")]
    public static partial void ToolFailed(ILogger logger, string tool, string runId, string threadId, Exception exception);

    [LoggerMessage(260, LogLevel.Debug, "Settings of thread {ThreadId} changed ({Count} values); run {RunId} queued.")]
    public static partial void SettingsChanged(ILogger logger, string threadId, int count, string runId);

    [LoggerMessage(117, LogLevel.Warning, "Server run {RunId}, started by a hook as the session of thread {ThreadId} ended, could not be queued in the next session; it does not run.")]
    public static partial void ServerRunNotQueued(ILogger logger, string threadId, string runId, Exception exception);

    [LoggerMessage(118, LogLevel.Error, "Removing thread {ThreadId}, deleted from one of its own hooks, failed; it is gone until the process restarts, then it is back.")]
    public static partial void RemoveAfterHookFailed(ILogger logger, string threadId, Exception exception);

    [LoggerMessage(112, LogLevel.Trace, "Message {ItemId} in thread {ThreadId}: {Content}")]
    public static partial void MessageContent(ILogger logger, string itemId, string threadId, string content);

    [LoggerMessage(200, LogLevel.Information, "File {FileId} uploaded to thread {ThreadId}: {Mime}, {Size} bytes.")]
    public static partial void FileUploaded(ILogger logger, string fileId, string threadId, string mime, long size);

    [LoggerMessage(201, LogLevel.Warning, "Deleting the files of deleted thread {ThreadId} failed; they stay until deleted again.")]
    public static partial void FileDeleteFailed(ILogger logger, string threadId, Exception exception);
}
