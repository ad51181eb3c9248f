using System.Text.Json;

namespace Parley;

/// <summary>An on/off switch. The value is a boolean.</summary>
public sealed record SwitchSetting : ChatSetting
{
    /// <summary>The value a thread starts with. Default false.</summary>
    public bool Initial { get; init; }

    internal override JsonElement? InitialValue() => Json(Initial, SettingsJson.Bool);

    internal override string? Validate(JsonElement value) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false.";
}
