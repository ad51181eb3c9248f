namespace Parley.Storage;

/// <summary>A page request for one owner's threads, newest activity first.</summary>
public sealed record ThreadQuery
{
    /// <summary>The owner whose threads are listed; nobody else's are ever returned.</summary>
    public required string OwnerId { get; init; }

    /// <summary>The page size. Default 20.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>The <see cref="ThreadPage.NextCursor"/> of the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>Case-insensitive text the thread's name contains; null for all threads.</summary>
    public string? Search { get; init; }
}
