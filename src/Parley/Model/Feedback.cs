namespace Parley;

/// <summary>A user's rating of an assistant message, kept in its metadata under <c>feedback</c>.</summary>
/// <param name="Value">1 (good) or -1 (bad).</param>
/// <param name="Comment">An optional comment.</param>
/// <param name="At">When it was given.</param>
public sealed record Feedback(int Value, string? Comment, DateTimeOffset At);
