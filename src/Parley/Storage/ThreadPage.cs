namespace Parley.Storage;

/// <summary>A page of threads.</summary>
/// <param name="Threads">The threads, newest activity first.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last page.</param>
public sealed record ThreadPage(IReadOnlyList<ThreadRecord> Threads, string? NextCursor);
