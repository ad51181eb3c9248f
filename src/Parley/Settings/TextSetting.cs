using System.Text.Json;

namespace Parley;

/// <summary>A text field. The value is a string of at most <see cref="MaxLength"/> characters.</summary>
public sealed record TextSetting : ChatSetting
{
    /// <summary>The value a thread starts with. Default empty.</summary>
    public string? Initial { get; init; }

    /// <summary>Text shown in the empty field. Default none.</summary>
    public string? Placeholder { get; init; }

    /// <summary>True for a multi-line text area. Default false.</summary>
    public bool Multiline { get; init; }

    /// <summary>The longest value, in UTF-16 code units. Default 1,000.</summary>
    public int MaxLength { get; init; } = 1000;

    internal override JsonElement? InitialValue() => Json(Initial ?? "", Serialization.ParleyJsonContext.Default.String);

    internal override string? Validate(JsonElement value) =>
        value.ValueKind != JsonValueKind.String ? "must be a string."
        : value.GetString()!.Length > MaxLength ? $"must be at most {MaxLength} characters."
        : null;

    internal override string? CheckDefinition() =>
        MaxLength < 1 ? "needs a positive MaxLength."
        : Initial is { } initial && initial.Length > MaxLength ? "has an initial value longer than MaxLength."
        : null;
}
