namespace Parley;

/// <summary>A message the user sent. Its status is always <see cref="ItemStatus.Completed"/>.</summary>
public sealed record UserMessage : ChatItem
{
    /// <summary>The text the user typed (markdown is not rendered for user messages).</summary>
    public required string Content { get; init; }

    /// <summary>Files attached to the message. Empty by default.</summary>
    public IReadOnlyList<FileRef> Attachments { get; init; } = [];

    /// <summary>The client's idempotency key for the message.</summary>
    public string? ClientId { get; init; }

    /// <summary>The slash command chosen in the composer, if any.</summary>
    public string? Command { get; init; }

    /// <inheritdoc />
    public override string? GetText(ItemField field) => field == ItemField.Content ? Content : null;

    /// <inheritdoc />
    public override ChatItem WithText(ItemField field, string text) =>
        field == ItemField.Content ? this with { Content = text } : base.WithText(field, text);
}
