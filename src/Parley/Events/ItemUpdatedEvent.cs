namespace Parley;

/// <summary><c>item.updated</c>: full replacement of an item.</summary>
public sealed record ItemUpdatedEvent : ThreadEvent
{
    /// <summary>The item after the change.</summary>
    public required ChatItem Item { get; init; }
}
