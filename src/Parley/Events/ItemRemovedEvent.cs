namespace Parley;

/// <summary><c>item.removed</c>: an item is gone from the thread.</summary>
public sealed record ItemRemovedEvent : ThreadEvent
{
    /// <summary>The removed item's id.</summary>
    public required string ItemId { get; init; }
}
