using System.Text.Json;

namespace Parley;

/// <summary>Free-form tags, each at most once. The value is a list of strings.</summary>
public sealed record TagsSetting : ChatSetting
{
    /// <summary>The tags a thread starts with. Default none.</summary>
    public IReadOnlyList<string>? Initial { get; init; }

    /// <summary>The most tags. Default 20.</summary>
    public int MaxTags { get; init; } = 20;

    /// <summary>The longest tag, in UTF-16 code units. Default 100.</summary>
    public int MaxTagLength { get; init; } = 100;

    internal override JsonElement? InitialValue() => Json((IReadOnlyList<string>)(Initial ?? []), SettingsJson.Strings);

    internal override string? Validate(JsonElement value) => Strings(value, MaxTags, MaxTagLength, _ => true, "tag");

    internal override string? CheckDefinition() =>
        MaxTags < 1 || MaxTagLength < 1 ? "needs a positive MaxTags and MaxTagLength."
        : Initial is not null && Validate(JsonSerializer.SerializeToElement(Initial, SettingsJson.Strings)) is { } error ? "has an initial value that " + error
        : null;
}
