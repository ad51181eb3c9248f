using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley;

/// <summary>
/// A thing in a thread: a message, step, ask, element, error or hidden context.
/// Items are immutable snapshots; every change to an item is an event in the thread's log,
/// and the item you hold is the state after some event.
/// </summary>
/// <remarks>On the wire the <c>type</c> field names the concrete item type.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UserMessage), "user_message")]
[JsonDerivedType(typeof(AssistantMessage), "assistant_message")]
[JsonDerivedType(typeof(StepItem), "step")]
[JsonDerivedType(typeof(AskItem), "ask")]
[JsonDerivedType(typeof(ElementItem), "element")]
[JsonDerivedType(typeof(ErrorItem), "error")]
[JsonDerivedType(typeof(HiddenContextItem), "hidden_context")]
public abstract record ChatItem
{
    /// <summary>The item id (<c>itm_…</c>), unique across all threads.</summary>
    public required string Id { get; init; }

    /// <summary>The item's status. See <see cref="ItemStatus"/> for which statuses each type uses.</summary>
    public required ItemStatus Status { get; init; }

    /// <summary>When the item was created (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The run that produced the item; null for items created by the user.</summary>
    public string? RunId { get; init; }

    /// <summary>The enclosing item, for example the step a nested step runs in; null at top level.</summary>
    public string? ParentId { get; init; }

    /// <summary>Who the item is from, for display (the app's name, or the user's).</summary>
    public string? Author { get; init; }

    /// <summary>Free-form metadata the app attaches; never interpreted by Parley.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>Returns the text of a delta-capable field, or null when the item has no such field.</summary>
    /// <param name="field">The field to read.</param>
    public virtual string? GetText(ItemField field) => null;

    /// <summary>Returns a copy of the item with <paramref name="field"/> replaced by <paramref name="text"/>.</summary>
    /// <param name="field">The field to replace.</param>
    /// <param name="text">The new text.</param>
    /// <exception cref="InvalidOperationException">The item has no such field.</exception>
    public virtual ChatItem WithText(ItemField field, string text) =>
        throw new InvalidOperationException($"An item of type {GetType().Name} has no {field} field.");

    /// <summary>Returns a copy of the item with a new status.</summary>
    /// <param name="status">The new status.</param>
    public ChatItem WithStatus(ItemStatus status) => this with { Status = status };

    /// <summary>The item finished with <paramref name="status"/> at <paramref name="at"/> (a step records its end).</summary>
    internal virtual ChatItem Close(ItemStatus status, DateTimeOffset at) => this with { Status = status };
}
