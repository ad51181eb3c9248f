namespace Parley;

/// <summary>The answer to an action click.</summary>
/// <param name="RunId">The run that handles the click.</param>
/// <param name="Queued">True when it waits behind another run.</param>
public sealed record ActionAccepted(string RunId, bool Queued);
