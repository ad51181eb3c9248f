using System.Text.Json;

namespace Parley;

/// <summary>
/// An answer to an ask as a client sends it: exactly the field of the ask's kind —
/// <see cref="Content"/> (text), <see cref="ActionId"/> (action), <see cref="FileIds"/> (file) or
/// <see cref="Value"/> (element).
/// </summary>
public sealed record AskReply
{
    /// <summary>The idempotency key; the same key answering again gets the first result. Optional.</summary>
    public string? ClientId { get; init; }

    /// <summary>The text of a text answer.</summary>
    public string? Content { get; init; }

    /// <summary>The chosen action of an action answer.</summary>
    public string? ActionId { get; init; }

    /// <summary>The uploaded files (ids) of a file answer.</summary>
    public IReadOnlyList<string>? FileIds { get; init; }

    /// <summary>The value an element submitted.</summary>
    public JsonElement? Value { get; init; }
}
