namespace Parley;

/// <summary>
/// A user-visible error: a run failed or was interrupted. <see cref="Message"/> is always safe to show;
/// exception details are logged, never put here by default.
/// </summary>
public sealed record ErrorItem : ChatItem
{
    /// <summary>A machine-readable code, for example <c>handler_error</c> or <c>interrupted</c>.</summary>
    public required string Code { get; init; }

    /// <summary>A message safe to show to the user.</summary>
    public required string Message { get; init; }

    /// <summary>True when the UI offers Retry for the run this error belongs to.</summary>
    public bool AllowRetry { get; init; }
}
