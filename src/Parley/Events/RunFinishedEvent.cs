namespace Parley;

/// <summary>
/// <c>run.finished</c>: exactly one per run, always. When it is sent, none of the run's items is
/// in progress and none of its asks is pending.
/// </summary>
public sealed record RunFinishedEvent : ThreadEvent
{
    /// <summary>How the run ended: completed, cancelled, failed or interrupted.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The user-safe error of a failed or interrupted run.</summary>
    public ChatError? Error { get; init; }
}
