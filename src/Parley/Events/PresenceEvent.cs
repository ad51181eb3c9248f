namespace Parley;

/// <summary><c>presence</c> (ephemeral): how many connections watch the thread now.</summary>
public sealed record PresenceEvent : ChatEvent
{
    /// <summary>The number of open subscriptions to the thread.</summary>
    public required int Connections { get; init; }
}
