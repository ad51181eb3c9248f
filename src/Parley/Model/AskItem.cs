namespace Parley;

/// <summary>
/// A question the app asked and awaits. <see cref="ItemStatus.Pending"/> until answered; then
/// <see cref="ItemStatus.Answered"/>, <see cref="ItemStatus.Expired"/> or <see cref="ItemStatus.Cancelled"/>.
/// </summary>
public sealed record AskItem : ChatItem
{
    /// <summary>What kind of answer is expected. Defaults to <see cref="AskKind.Text"/>.</summary>
    public AskKind Kind { get; init; } = AskKind.Text;

    /// <summary>The question, as markdown.</summary>
    public required string Content { get; init; }

    /// <summary>The choices of an <see cref="AskKind.Action"/> ask. Empty by default.</summary>
    public IReadOnlyList<ChatAction> Actions { get; init; } = [];

    /// <summary>Accepted MIME types or extensions of a <see cref="AskKind.File"/> ask.</summary>
    public IReadOnlyList<string>? Accept { get; init; }

    /// <summary>The most files a <see cref="AskKind.File"/> ask takes.</summary>
    public int? MaxFiles { get; init; }

    /// <summary>The largest file a <see cref="AskKind.File"/> ask takes, in megabytes.</summary>
    public int? MaxSizeMb { get; init; }

    /// <summary>The custom element of an <see cref="AskKind.Element"/> ask; null for the other kinds.</summary>
    public AskElement? Element { get; init; }

    /// <summary>When the ask expires; null (the default) means never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Why the ask expired, once <see cref="ItemStatus.Expired"/>; null otherwise.</summary>
    public AskExpiredReason? ExpiredReason { get; init; }

    /// <summary>The answer, once <see cref="ItemStatus.Answered"/>.</summary>
    public AskAnswer? Answer { get; init; }
}
