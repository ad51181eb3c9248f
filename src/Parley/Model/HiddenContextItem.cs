namespace Parley;

/// <summary>
/// Text that is part of the model's history but never rendered, for example the note that the user
/// stopped a reply.
/// </summary>
public sealed record HiddenContextItem : ChatItem
{
    /// <summary>The text given to the model.</summary>
    public required string Content { get; init; }
}
