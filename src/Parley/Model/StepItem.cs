namespace Parley;

/// <summary>
/// A visible unit of work inside a run: a tool call, a model call, a retrieval. Steps nest through
/// <see cref="ChatItem.ParentId"/>; <see cref="Input"/> and <see cref="Output"/> can stream by deltas.
/// </summary>
public sealed record StepItem : ChatItem
{
    /// <summary>The step's name, shown as its title.</summary>
    public required string Name { get; init; }

    /// <summary>What the step does. Defaults to <see cref="StepKind.Run"/>.</summary>
    public StepKind Kind { get; init; } = StepKind.Run;

    /// <summary>The step's input (text or JSON as text). Empty by default.</summary>
    public string Input { get; init; } = "";

    /// <summary>The step's output (text or JSON as text). Empty by default.</summary>
    public string Output { get; init; } = "";

    /// <summary>True when the output describes an error.</summary>
    public bool IsError { get; init; }

    /// <summary>When the step began.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the step ended; null while it runs.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    internal override ChatItem Close(ItemStatus status, DateTimeOffset at) =>
        this with { Status = status, EndedAt = EndedAt ?? at };

    /// <inheritdoc />
    public override string? GetText(ItemField field) => field switch
    {
        ItemField.Input => Input,
        ItemField.Output => Output,
        _ => null,
    };

    /// <inheritdoc />
    public override ChatItem WithText(ItemField field, string text) => field switch
    {
        ItemField.Input => this with { Input = text },
        ItemField.Output => this with { Output = text },
        _ => base.WithText(field, text),
    };
}
