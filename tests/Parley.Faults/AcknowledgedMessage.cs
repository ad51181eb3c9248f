namespace Parley.Faults;

/// <summary>A user message the server answered 202: it must be in its thread exactly once, and its run must finish.</summary>
internal sealed record AcknowledgedMessage(string ThreadId, string ClientId, string RunId, string Content, bool Queued);
