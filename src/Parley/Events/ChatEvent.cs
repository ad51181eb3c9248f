using System.Text.Json.Serialization;

namespace Parley;

/// <summary>
/// Something that happened in a thread, as sent to subscribers. <see cref="ThreadEvent"/>s are durable
/// and sequenced; the others are ephemeral (live subscribers only, no <c>seq</c>).
/// </summary>
/// <remarks>On the wire the <c>type</c> field names the event, for example <c>item.delta</c>.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ThreadUpdatedEvent), "thread.updated")]
[JsonDerivedType(typeof(RunStartedEvent), "run.started")]
[JsonDerivedType(typeof(RunFinishedEvent), "run.finished")]
[JsonDerivedType(typeof(ItemAddedEvent), "item.added")]
[JsonDerivedType(typeof(ItemDeltaEvent), "item.delta")]
[JsonDerivedType(typeof(ItemUpdatedEvent), "item.updated")]
[JsonDerivedType(typeof(ItemRemovedEvent), "item.removed")]
[JsonDerivedType(typeof(ToastEvent), "toast")]
[JsonDerivedType(typeof(WindowMessageEvent), "window.message")]
[JsonDerivedType(typeof(PresenceEvent), "presence")]
[JsonDerivedType(typeof(ResyncEvent), "resync")]
public abstract record ChatEvent
{
    /// <summary>The thread the event belongs to.</summary>
    public required string ThreadId { get; init; }

    /// <summary>When the event happened (UTC).</summary>
    public required DateTimeOffset At { get; init; }
}
