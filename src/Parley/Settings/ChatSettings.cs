using System.Text.Json;

namespace Parley;

/// <summary>
/// A thread's chat settings values (<see cref="ChatContext.Settings"/>): what the user chose in the
/// settings panel, or each widget's initial value. Typed reads return the fallback when the id is
/// unknown or its value has another type.
/// </summary>
public sealed class ChatSettings
{
    internal ChatSettings(IReadOnlyList<ChatSetting>? schema, IReadOnlyDictionary<string, JsonElement>? values)
    {
        Schema = schema ?? [];
        Values = values ?? new Dictionary<string, JsonElement>();
    }

    /// <summary>The widgets, as the app last set them; empty when it set none.</summary>
    public IReadOnlyList<ChatSetting> Schema { get; }

    /// <summary>The values by setting id, as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement> Values { get; }

    /// <summary>The value of a select or text setting.</summary>
    /// <param name="id">The setting's id.</param>
    /// <param name="fallback">Returned when there is no string value. Default null.</param>
    public string? GetString(string id, string? fallback = null) =>
        Values.TryGetValue(id, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : fallback;

    /// <summary>The value of a switch or checkbox setting.</summary>
    /// <param name="id">The setting's id.</param>
    /// <param name="fallback">Returned when there is no boolean value. Default false.</param>
    public bool GetBool(string id, bool fallback = false) =>
        Values.TryGetValue(id, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    /// <summary>The value of a slider or number setting.</summary>
    /// <param name="id">The setting's id.</param>
    /// <param name="fallback">Returned when there is no numeric value. Default 0.</param>
    public double GetDouble(string id, double fallback = 0) =>
        Values.TryGetValue(id, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : fallback;

    /// <summary>The value of a multi-select or tags setting; empty when there is none.</summary>
    /// <param name="id">The setting's id.</param>
    public IReadOnlyList<string> GetStrings(string id) =>
        Values.TryGetValue(id, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
}
