namespace Parley;

/// <summary>
/// A user-safe description of why a run failed, as returned by <c>ChatApp.OnErrorAsync</c> and
/// sent in <c>run.finished</c>.
/// </summary>
/// <param name="Code">A machine-readable code, for example <c>handler_error</c>.</param>
/// <param name="Message">A message safe to show to the user; never exception text unless the app chose so.</param>
/// <param name="AllowRetry">True when the user may retry the run.</param>
public sealed record ChatError(string Code, string Message, bool AllowRetry);
