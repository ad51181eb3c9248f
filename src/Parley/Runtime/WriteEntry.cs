using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// One unit handed to the store writer by a thread's log: an event (with its frame), and/or run and
/// thread records to save in the same transaction, or a control marker.
/// </summary>
internal sealed class WriteEntry
{
    public WriteEntry(ThreadLog log) => Log = log;

    public ThreadLog Log { get; }

    public ThreadEvent? Event { get; init; }

    public EventFrame? Frame { get; init; }

    /// <summary>Runs to save with the entry (usually one; a retry saves the retry and the retried run together).</summary>
    public IReadOnlyList<RunRecord>? Runs { get; init; }

    public ThreadRecord? Thread { get; init; }

    public bool DeletesThread { get; init; }

    /// <summary>A reset marker: every earlier entry of a failed log has been failed; the log may write again.</summary>
    public bool IsReset { get; init; }

    /// <summary>Completed when the entry is durable; null when nobody waits (stream deltas).</summary>
    public TaskCompletionSource? Durable { get; init; }

    public static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Complete() => Durable?.TrySetResult();

    public void Fail(Exception exception) => Durable?.TrySetException(exception);
}
