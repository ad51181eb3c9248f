namespace Parley;

/// <summary>An accepted end of an audio stream: the run that calls <see cref="ChatApp.OnAudioEndAsync"/>.</summary>
/// <param name="RunId">The audio run.</param>
/// <param name="Queued">True when a run was active or queued before it.</param>
public sealed record AudioEndAccepted(string RunId, bool Queued);
