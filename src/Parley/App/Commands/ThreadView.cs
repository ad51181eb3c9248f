namespace Parley;

/// <summary>A thread's snapshot as a client reads it: items exactly as of <see cref="LastSeq"/>.</summary>
public sealed record ThreadView
{
    /// <summary>The thread.</summary>
    public required ThreadInfo Thread { get; init; }

    /// <summary>The items, in order.</summary>
    public required IReadOnlyList<ChatItem> Items { get; init; }

    /// <summary>The seq to subscribe after.</summary>
    public required long LastSeq { get; init; }

    /// <summary>The running run, if any.</summary>
    public RunSummary? ActiveRun { get; init; }

    /// <summary>The runs waiting behind it, in order.</summary>
    public IReadOnlyList<RunSummary> Queued { get; init; } = [];
}
