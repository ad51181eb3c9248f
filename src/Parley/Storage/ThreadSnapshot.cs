namespace Parley.Storage;

/// <summary>
/// A thread's state read in one consistent read: the items and runs are exactly those after the event
/// <see cref="LastSeq"/>.
/// </summary>
public sealed record ThreadSnapshot
{
    /// <summary>The thread.</summary>
    public required ThreadRecord Thread { get; init; }

    /// <summary>The items, in the order they were added.</summary>
    public required IReadOnlyList<ChatItem> Items { get; init; }

    /// <summary>The last durable event's seq; 0 when the log is empty.</summary>
    public required long LastSeq { get; init; }

    /// <summary>The running run, if any.</summary>
    public RunRecord? ActiveRun { get; init; }

    /// <summary>The queued runs, in the order they will run.</summary>
    public IReadOnlyList<RunRecord> QueuedRuns { get; init; } = [];
}
