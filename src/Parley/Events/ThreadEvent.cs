namespace Parley;

/// <summary>
/// A durable event: an entry of the thread's log with its sequence number. Subscribers receive it
/// only after the store made it durable, so a <see cref="Seq"/> a client has seen is never reused.
/// </summary>
public abstract record ThreadEvent : ChatEvent
{
    /// <summary>The event's position in the thread's log; strictly increasing, may skip.</summary>
    public long Seq { get; init; }

    /// <summary>The run that produced the event, if any.</summary>
    public string? RunId { get; init; }
}
