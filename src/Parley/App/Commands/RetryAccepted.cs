namespace Parley;

/// <summary>The answer to a retry.</summary>
/// <param name="RunId">The new run that handles the failed run's input again.</param>
/// <param name="Queued">True when it waits behind another run.</param>
public sealed record RetryAccepted(string RunId, bool Queued);
