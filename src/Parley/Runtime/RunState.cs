using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// A run from the moment it is accepted (queued) until its <c>run.finished</c>: its record, its
/// cancellation, and what its handler needs.
/// </summary>
/// <remarks><see cref="Started"/>, <see cref="Finished"/> and <see cref="Record"/> change under the host's gate.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; a stop may race the run's end, so it is never disposed.")]
internal sealed class RunState(RunRecord record, ChatUser user, Func<ChatContext, Task>? serverHandler)
{
    // Never disposed: a stop may race the run's end, and a source with no timer holds nothing to free.
    private readonly CancellationTokenSource _cts = new();
    private int _cause;

    public RunRecord Record { get; set; } = record;

    public string Id => Record.Id;

    public ChatUser User { get; } = user;

    /// <summary>The handler of a server-started run; null for the others.</summary>
    public Func<ChatContext, Task>? ServerHandler { get; } = serverHandler;

    public CancellationToken Token => _cts.Token;

    public RunEndCause? Cause => _cause == 0 ? null : (RunEndCause)_cause;

    /// <summary>True once <c>run.started</c> was appended.</summary>
    public bool Started { get; set; }

    /// <summary>True once <c>run.finished</c> was appended; the run writes nothing more.</summary>
    public bool Finished { get; set; }

    public ChatHistory History { get; set; } = new([]);

    public UserMessage? Input { get; set; }

    /// <summary>True when the run's queued record is in the store (message runs, retries, chat start).</summary>
    public bool Persisted { get; init; }

    /// <summary>True once the run's error item is durable, so a retried finish does not add it twice.</summary>
    public bool ErrorWritten { get; set; }

    public TaskCompletionSource<RunResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunInfo Info => new()
    {
        Id = Record.Id,
        Trigger = Record.Trigger,
        AllowCancel = Record.AllowCancel,
        RetryOf = Record.RetryOf,
    };

    /// <summary>Records why the run is ending and cancels its token; false when a cause was already set.</summary>
    public bool TryCancel(RunEndCause cause)
    {
        if (Interlocked.CompareExchange(ref _cause, (int)cause, 0) != 0)
        {
            return false;
        }

        _cts.Cancel();
        return true;
    }

    /// <summary>
    /// Set when the thread's log was resynced under the running handler: writes it made may be lost,
    /// so its next write fails (and the run fails visibly) rather than build on text that is not there.
    /// </summary>
    public bool Broken
    {
        get => Volatile.Read(ref _broken);
        set => Volatile.Write(ref _broken, value);
    }

    private bool _broken;

    /// <summary>True once the handler has returned (or was abandoned): a stop can no longer change the outcome.</summary>
    public bool HandlerDone { get; set; }
}
