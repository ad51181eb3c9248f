using System.Text.Json;

namespace Parley;

/// <summary>A drop-down: one of <see cref="Options"/>. The value is a string.</summary>
public sealed record SelectSetting : ChatSetting
{
    /// <summary>The choices. Required, at least one.</summary>
    public required IReadOnlyList<SettingOption> Options { get; init; }

    /// <summary>The value a thread starts with. Default: the first option's value.</summary>
    public string? Initial { get; init; }

    internal override JsonElement? InitialValue() =>
        (Initial ?? (Options.Count > 0 ? Options[0].Value : null)) is { } value ? Json(value, Serialization.ParleyJsonContext.Default.String) : null;

    internal override string? Validate(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && Options.Any(o => o.Value == value.GetString())
            ? null
            : "must be one of the options.";

    internal override string? CheckDefinition() =>
        Options.Count == 0 ? "needs at least one option."
        : Initial is not null && Options.All(o => o.Value != Initial) ? "has an initial value that is not one of its options."
        : null;
}
