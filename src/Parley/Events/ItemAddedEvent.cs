namespace Parley;

/// <summary><c>item.added</c>: a new item.</summary>
public sealed record ItemAddedEvent : ThreadEvent
{
    /// <summary>The new item.</summary>
    public required ChatItem Item { get; init; }
}
