namespace Interview;

/// <summary>The sample's log messages (what a participant wrote is logged at Trace only).</summary>
internal static partial class InterviewLog
{
    [LoggerMessage(1, LogLevel.Information, "Feedback on thread {ThreadId}: {Value}")]
    public static partial void Feedback(ILogger logger, string threadId, int value);

    [LoggerMessage(2, LogLevel.Trace, "Feedback comment on thread {ThreadId}: {Comment}")]
    public static partial void FeedbackComment(ILogger logger, string threadId, string comment);
}
