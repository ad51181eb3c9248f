using System.Text.Json;

namespace Parley;

/// <summary>The answer to an <see cref="AskItem"/>.</summary>
public sealed record AskAnswer
{
    /// <summary>The text of a text answer.</summary>
    public string? Content { get; init; }

    /// <summary>The chosen action of an action answer.</summary>
    public string? ActionId { get; init; }

    /// <summary>The uploaded files of a file answer.</summary>
    public IReadOnlyList<string>? FileIds { get; init; }

    /// <summary>The files of a file answer, as server-built references (for display).</summary>
    public IReadOnlyList<FileRef>? Files { get; init; }

    /// <summary>The value a custom element submitted.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The client's idempotency key; the same key answering again gets the first result.</summary>
    public string? ClientId { get; init; }

    /// <summary>When the answer arrived.</summary>
    public required DateTimeOffset AnsweredAt { get; init; }
}
