using System.Text.Json;

namespace Parley;

/// <summary>A number field, optionally bounded. The value is a number.</summary>
public sealed record NumberSetting : ChatSetting
{
    /// <summary>The lowest value allowed. Default none.</summary>
    public double? Min { get; init; }

    /// <summary>The highest value allowed. Default none.</summary>
    public double? Max { get; init; }

    /// <summary>The step the input offers (not enforced). Default none.</summary>
    public double? Step { get; init; }

    /// <summary>The value a thread starts with. Default none (no value).</summary>
    public double? Initial { get; init; }

    /// <summary>Text shown in the empty field. Default none.</summary>
    public string? Placeholder { get; init; }

    internal override JsonElement? InitialValue() => Initial is { } initial ? Json(initial, SettingsJson.Double) : null;

    internal override string? Validate(JsonElement value) =>
        value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number) ? "must be a number."
        : number < Min ? $"must be at least {Min}."
        : number > Max ? $"must be at most {Max}."
        : null;

    internal override string? CheckDefinition() =>
        Min > Max ? "needs Min at most Max."
        : Initial < Min || Initial > Max ? "has an initial value off its range."
        : null;
}
