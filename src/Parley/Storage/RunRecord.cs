namespace Parley.Storage;

/// <summary>A run as the store keeps it, so queued runs survive a restart and unfinished ones are recovered.</summary>
public sealed record RunRecord
{
    /// <summary>The run id (<c>run_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The thread the run belongs to.</summary>
    public required string ThreadId { get; init; }

    /// <summary>What started the run.</summary>
    public required RunTrigger Trigger { get; init; }

    /// <summary>The run's status.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>True when the user may stop the run.</summary>
    public bool AllowCancel { get; init; } = true;

    /// <summary>The idempotency key of the command that created the run, unique per thread.</summary>
    public string? ClientId { get; init; }

    /// <summary>The item the run handles: the user message of a message run.</summary>
    public string? InputItemId { get; init; }

    /// <summary>For an action run (and its retries): the clicked action's id.</summary>
    public string? ActionId { get; init; }

    /// <summary>For an action run (and its retries): the message the clicked action is on.</summary>
    public string? ActionItemId { get; init; }

    /// <summary>
    /// For an action run (and its retries): the action as it was when clicked, so the handler still
    /// gets it after the action was removed from its message (by this run before a retry, or by an
    /// earlier click).
    /// </summary>
    public ChatAction? Action { get; init; }

    /// <summary>For a retry: the run being retried. A retry handles that run's input with its trigger.</summary>
    public string? RetryOf { get; init; }

    /// <summary>For a retry: the trigger whose handler runs again (that of the first run of the chain).</summary>
    public RunTrigger? RetryTrigger { get; init; }

    /// <summary>For a failed run that was retried: the retry's run id. A run is retried at most once.</summary>
    public string? RetriedBy { get; init; }

    /// <summary>For an audio run: the recording it handles.</summary>
    public AudioRunInput? Audio { get; init; }

    /// <summary>For a settings run: the ids of the settings that changed.</summary>
    public IReadOnlyList<string>? SettingsChanged { get; init; }

    /// <summary>The error of a failed or interrupted run.</summary>
    public ChatError? Error { get; init; }

    /// <summary>When the run was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the handler began.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>True while the run is queued or running.</summary>
    public bool IsUnfinished => Status is RunStatus.Queued or RunStatus.Running;
}
