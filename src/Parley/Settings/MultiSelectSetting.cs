using System.Text.Json;

namespace Parley;

/// <summary>Several of <see cref="Options"/>, each at most once. The value is a list of strings.</summary>
public sealed record MultiSelectSetting : ChatSetting
{
    /// <summary>The choices. Required, at least one.</summary>
    public required IReadOnlyList<SettingOption> Options { get; init; }

    /// <summary>The values a thread starts with. Default none.</summary>
    public IReadOnlyList<string>? Initial { get; init; }

    internal override JsonElement? InitialValue() => Json((IReadOnlyList<string>)(Initial ?? []), SettingsJson.Strings);

    internal override string? Validate(JsonElement value) =>
        Strings(value, Options.Count, int.MaxValue, v => Options.Any(o => o.Value == v), "value");

    internal override string? CheckDefinition() =>
        Options.Count == 0 ? "needs at least one option."
        : Initial is not null && Initial.Any(i => Options.All(o => o.Value != i)) ? "has an initial value that is not one of its options."
        : null;
}
