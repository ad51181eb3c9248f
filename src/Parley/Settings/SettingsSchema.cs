using System.Text.Json;

namespace Parley;

/// <summary>Checks schemas and the values users send against them; builds a thread's effective values.</summary>
internal static class SettingsSchema
{
    public const int MaxSettings = 100;

    /// <summary>Checks a schema the app gives; throws <see cref="ArgumentException"/> when it is not valid.</summary>
    public static IReadOnlyList<ChatSetting> Check(IEnumerable<ChatSetting> schema, string paramName)
    {
        ArgumentNullException.ThrowIfNull(schema, paramName);
        var list = schema.ToList();
        if (list.Count > MaxSettings)
        {
            throw new ArgumentException($"A settings schema has at most {MaxSettings} widgets.", paramName);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in list)
        {
            ArgumentNullException.ThrowIfNull(setting, paramName);
            if (!Runtime.CommandValidation.IsPlausibleId(setting.Id))
            {
                throw new ArgumentException($"The setting id '{setting.Id}' must be 1 to 64 URL-safe characters.", paramName);
            }

            if (!ids.Add(setting.Id))
            {
                throw new ArgumentException($"The setting id '{setting.Id}' is used twice.", paramName);
            }

            if (setting.CheckDefinition() is { } error)
            {
                throw new ArgumentException($"The setting '{setting.Id}' {error}", paramName);
            }
        }

        return list;
    }

    /// <summary>
    /// The values under a (new) schema: each kept value that is still valid, else the widget's initial
    /// value. Values of settings no longer in the schema are dropped.
    /// </summary>
    public static Dictionary<string, JsonElement> Effective(IReadOnlyList<ChatSetting> schema, IReadOnlyDictionary<string, JsonElement>? current)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var setting in schema)
        {
            if (current is not null && current.TryGetValue(setting.Id, out var kept) && setting.Validate(kept) is null)
            {
                values[setting.Id] = kept.Clone();
            }
            else if (setting.InitialValue() is { } initial)
            {
                values[setting.Id] = initial;
            }
        }

        return values;
    }

    /// <summary>
    /// Merges values a user sent into the current ones; refuses (field <c>values.{id}</c>) an unknown id
    /// or a value that does not fit its widget. Returns the merged values and the ids that changed.
    /// </summary>
    public static (Dictionary<string, JsonElement> Values, List<string> Changed) Merge(
        IReadOnlyList<ChatSetting> schema, IReadOnlyDictionary<string, JsonElement>? current, IReadOnlyDictionary<string, JsonElement> sent)
    {
        var merged = Effective(schema, current);
        var changed = new List<string>();
        foreach (var (id, value) in sent)
        {
            var setting = schema.FirstOrDefault(s => s.Id == id)
                ?? throw ChatCommandException.Invalid($"values.{Clip(id)}", $"There is no setting '{Clip(id)}'.");
            if (setting.Validate(value) is { } error)
            {
                throw ChatCommandException.Invalid($"values.{id}", $"{setting.Label ?? setting.Id} {error}");
            }

            if (!merged.TryGetValue(id, out var old) || !JsonElement.DeepEquals(old, value))
            {
                changed.Add(id);
            }

            merged[id] = value.Clone();
        }

        return (merged, changed);
    }

    private static string Clip(string id) => id.Length > 64 ? id[..64] : id;
}
