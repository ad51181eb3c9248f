namespace Parley;

/// <summary><c>toast</c> (ephemeral): a short notification for whoever is watching now.</summary>
public sealed record ToastEvent : ChatEvent
{
    /// <summary>The severity.</summary>
    public required ToastLevel Level { get; init; }

    /// <summary>The text.</summary>
    public required string Message { get; init; }
}
