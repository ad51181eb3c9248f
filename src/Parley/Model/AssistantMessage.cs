namespace Parley;

/// <summary>
/// A message from the app. Streamed messages start <see cref="ItemStatus.InProgress"/> and grow by
/// <c>item.delta</c> events on <see cref="ItemField.Content"/>.
/// </summary>
public sealed record AssistantMessage : ChatItem
{
    /// <summary>The markdown content; the UI sanitises it before rendering.</summary>
    public string Content { get; init; } = "";

    /// <summary>Buttons shown under the message. Empty by default.</summary>
    public IReadOnlyList<ChatAction> Actions { get; init; } = [];

    /// <inheritdoc />
    public override string? GetText(ItemField field) => field == ItemField.Content ? Content : null;

    /// <inheritdoc />
    public override ChatItem WithText(ItemField field, string text) =>
        field == ItemField.Content ? this with { Content = text } : base.WithText(field, text);
}
