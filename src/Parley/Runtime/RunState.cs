using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// A run from the moment it is accepted (queued) until its <c>run.finished</c>: its record, its
/// cancellation, and what its handler needs.
/// </summary>
/// <remarks><see cref="Started"/>, <see cref="Finished"/> and <see cref="Record"/> change under the host's gate.</remarks>
internal sealed class RunState(RunRecord record, ChatUser user, Func<ChatContext, Task>? serverHandler) : IDisposable
{
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

    public void Dispose() => _cts.Dispose();
}
