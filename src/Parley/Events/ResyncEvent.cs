namespace Parley;

/// <summary>
/// <c>resync</c> (ephemeral): the server cannot replay from the point the client asked for; the client
/// refetches the snapshot and subscribes again from its <c>lastSeq</c>.
/// </summary>
public sealed record ResyncEvent : ChatEvent
{
    /// <summary>Why, for diagnostics (for example <c>ahead_of_log</c>).</summary>
    public string? Reason { get; init; }
}
