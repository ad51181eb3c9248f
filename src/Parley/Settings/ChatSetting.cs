using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parley;

/// <summary>
/// One widget of a thread's chat settings panel: <see cref="SelectSetting"/>, <see cref="MultiSelectSetting"/>,
/// <see cref="SwitchSetting"/>, <see cref="SliderSetting"/>, <see cref="TextSetting"/>, <see cref="NumberSetting"/>,
/// <see cref="TagsSetting"/> or <see cref="CheckboxSetting"/>. The user's values are validated against it.
/// </summary>
/// <remarks>On the wire the <c>type</c> field names the widget.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SelectSetting), "select")]
[JsonDerivedType(typeof(MultiSelectSetting), "multi_select")]
[JsonDerivedType(typeof(SwitchSetting), "switch")]
[JsonDerivedType(typeof(SliderSetting), "slider")]
[JsonDerivedType(typeof(TextSetting), "text")]
[JsonDerivedType(typeof(NumberSetting), "number")]
[JsonDerivedType(typeof(TagsSetting), "tags")]
[JsonDerivedType(typeof(CheckboxSetting), "checkbox")]
public abstract record ChatSetting
{
    private protected ChatSetting()
    {
    }

    /// <summary>The setting's id: the key of its value, 1 to 64 URL-safe characters, unique in a schema.</summary>
    public required string Id { get; init; }

    /// <summary>The label shown beside the widget. Default: the id.</summary>
    public string? Label { get; init; }

    /// <summary>A longer explanation shown under the widget. Default none.</summary>
    public string? Description { get; init; }

    /// <summary>The value a thread starts with, as JSON; null when the widget has none.</summary>
    internal abstract JsonElement? InitialValue();

    /// <summary>Checks a value the user sent; returns an error message, or null when it is valid.</summary>
    internal abstract string? Validate(JsonElement value);

    /// <summary>Checks the widget's own definition; returns an error message, or null when it is valid.</summary>
    internal virtual string? CheckDefinition() => null;

    private protected static JsonElement Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToElement(value, type);

    private protected static string? Strings(JsonElement value, int maxItems, int maxLength, Func<string, bool> allowed, string what)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return "must be a list of strings.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in value.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
            {
                return "must be a list of strings.";
            }

            var text = entry.GetString()!;
            if (text.Length == 0 || text.Length > maxLength)
            {
                return $"each {what} must be 1 to {maxLength} characters.";
            }

            if (!allowed(text))
            {
                return $"'{Clip(text)}' is not one of the options.";
            }

            if (!seen.Add(text))
            {
                return $"'{Clip(text)}' is given twice.";
            }
        }

        return seen.Count > maxItems ? $"must have at most {maxItems} entries." : null;
    }

    private protected static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
