namespace Parley;

/// <summary><c>thread.updated</c>: the thread's name, metadata, settings or profile changed.</summary>
public sealed record ThreadUpdatedEvent : ThreadEvent
{
    /// <summary>The thread after the change.</summary>
    public required ThreadInfo Thread { get; init; }
}
