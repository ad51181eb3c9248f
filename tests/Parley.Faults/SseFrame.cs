namespace Parley.Faults;

/// <summary>One server-sent event: its <c>id:</c> (durable events only) and its <c>data:</c> JSON.</summary>
internal sealed record SseFrame(long? Id, string Data);
