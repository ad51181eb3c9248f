namespace Parley;

/// <summary>A page of the caller's threads, newest activity first.</summary>
/// <param name="Threads">The threads.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
public sealed record ThreadList(IReadOnlyList<ThreadInfo> Threads, string? NextCursor);
