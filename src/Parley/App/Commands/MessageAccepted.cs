namespace Parley;

/// <summary>The answer to a posted message: the stored message, the run that will handle it, and whether it waits behind another run.</summary>
/// <param name="Item">The user message as stored.</param>
/// <param name="RunId">The run that handles it.</param>
/// <param name="Queued">True when another run was active or queued when it arrived.</param>
public sealed record MessageAccepted(UserMessage Item, string RunId, bool Queued);
