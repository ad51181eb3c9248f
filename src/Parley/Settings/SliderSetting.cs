using System.Text.Json;

namespace Parley;

/// <summary>A slider from <see cref="Min"/> to <see cref="Max"/> in steps of <see cref="Step"/>. The value is a number.</summary>
public sealed record SliderSetting : ChatSetting
{
    /// <summary>The lowest value. Default 0.</summary>
    public double Min { get; init; }

    /// <summary>The highest value. Default 100.</summary>
    public double Max { get; init; } = 100;

    /// <summary>The step: a value is <see cref="Min"/> plus a whole number of steps. Default 1.</summary>
    public double Step { get; init; } = 1;

    /// <summary>The value a thread starts with. Default: <see cref="Min"/>.</summary>
    public double? Initial { get; init; }

    internal override JsonElement? InitialValue() => Json(Initial ?? Min, SettingsJson.Double);

    internal override string? Validate(JsonElement value) =>
        value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) ? "must be a number."
        : number < Min || number > Max ? $"must be between {Min} and {Max}."
        : !OnStep(number) ? $"must be {Min} plus a multiple of {Step}."
        : null;

    internal override string? CheckDefinition() =>
        !(Min < Max) ? "needs Min below Max."
        : !(Step > 0) ? "needs a positive Step."
        : Initial is { } initial && (initial < Min || initial > Max || !OnStep(initial)) ? "has an initial value off its range or step."
        : null;

    private bool OnStep(double number)
    {
        var steps = (number - Min) / Step;
        return Math.Abs(steps - Math.Round(steps)) < 1e-9;
    }
}
