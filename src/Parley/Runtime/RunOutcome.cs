namespace Parley.Runtime;

/// <summary>How a run's handler ended, and therefore how the run finishes.</summary>
internal sealed record RunOutcome(RunStatus Status, ItemStatus OpenItemsBecome, ItemStatus PendingAsksBecome)
{
    public static RunOutcome Completed { get; } = new(RunStatus.Completed, ItemStatus.Completed, ItemStatus.Cancelled);

    /// <summary>An explicit stop: OnStreamCancelled decides first; the rest is cancelled.</summary>
    public static RunOutcome Stopped { get; } = new(RunStatus.Cancelled, ItemStatus.Cancelled, ItemStatus.Cancelled);

    /// <summary>The session ended under the run: cancelled; its asks expired.</summary>
    public static RunOutcome SessionEnded { get; } = new(RunStatus.Cancelled, ItemStatus.Cancelled, ItemStatus.Expired) { ExpiredReason = AskExpiredReason.SessionEnded };

    /// <summary>The host is shutting down, or crashed: interrupted, with a visible error.</summary>
    public static RunOutcome Interrupted { get; } = new(RunStatus.Interrupted, ItemStatus.Interrupted, ItemStatus.Expired) { ExpiredReason = AskExpiredReason.Restarted };

    /// <summary>The handler threw, or the run could not start.</summary>
    public static RunOutcome Failed(Exception exception, bool beforeStart) =>
        new(RunStatus.Failed, ItemStatus.Failed, ItemStatus.Cancelled) { Exception = exception, BeforeStart = beforeStart };

    public Exception? Exception { get; init; }

    /// <summary>Why pending asks expire, when they do.</summary>
    public AskExpiredReason? ExpiredReason { get; init; }

    public bool BeforeStart { get; init; }

    public static RunOutcome Of(RunEndCause? cause) => cause switch
    {
        RunEndCause.Stop => Stopped,
        RunEndCause.SessionEnded => SessionEnded,
        RunEndCause.Shutdown => Interrupted,
        _ => Completed,
    };
}
