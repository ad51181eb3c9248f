using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Parley;

/// <summary>
/// Values an app keeps for a session: they survive reconnects and are saved with the thread after every
/// run and hook, so <see cref="ChatApp.OnChatResumeAsync"/> reads them back after a restart. Values are
/// stored as JSON; use types that serialize.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SessionValues
{
    private static readonly JsonSerializerOptions ValueOptions = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private readonly Lock _sync = new();
    private readonly Dictionary<string, JsonElement> _values;
    private bool _dirty;

    internal SessionValues(IReadOnlyDictionary<string, JsonElement>? values = null) =>
        _values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);

    /// <summary>The keys present.</summary>
    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (_sync)
            {
                return [.. _values.Keys];
            }
        }
    }

    /// <summary>Reads a value; false when the key is absent.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    [RequiresUnreferencedCode("Uses reflection-based JSON; use the JsonTypeInfo overload for trimmed apps.")]
    [RequiresDynamicCode("Uses reflection-based JSON; use the JsonTypeInfo overload for AOT apps.")]
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value) =>
        TryGet(key, (JsonTypeInfo<T>)ValueOptions.GetTypeInfo(typeof(T)), out value);

    /// <summary>Reads a value with source-generated JSON; false when the key is absent.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="typeInfo">The type's JSON contract.</param>
    /// <param name="value">The value.</param>
    public bool TryGet<T>(string key, JsonTypeInfo<T> typeInfo, [MaybeNullWhen(false)] out T value)
    {
        JsonElement element;
        lock (_sync)
        {
            if (!_values.TryGetValue(key, out element))
            {
                value = default;
                return false;
            }
        }

        value = element.Deserialize(typeInfo)!;
        return true;
    }

    /// <summary>Reads a value, or <paramref name="defaultValue"/> when absent.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">The value when the key is absent. Default <c>default(T)</c>.</param>
    [RequiresUnreferencedCode("Uses reflection-based JSON; use the JsonTypeInfo overload for trimmed apps.")]
    [RequiresDynamicCode("Uses reflection-based JSON; use the JsonTypeInfo overload for AOT apps.")]
    public T? Get<T>(string key, T? defaultValue = default) => TryGet<T>(key, out var value) ? value : defaultValue;

    /// <summary>Sets a value.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    [RequiresUnreferencedCode("Uses reflection-based JSON; use the JsonTypeInfo overload for trimmed apps.")]
    [RequiresDynamicCode("Uses reflection-based JSON; use the JsonTypeInfo overload for AOT apps.")]
    public void Set<T>(string key, T value) => Set(key, value, (JsonTypeInfo<T>)ValueOptions.GetTypeInfo(typeof(T)));

    /// <summary>Sets a value with source-generated JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The type's JSON contract.</param>
    public void Set<T>(string key, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(key);
        var element = JsonSerializer.SerializeToElement(value, typeInfo);
        lock (_sync)
        {
            _values[key] = element;
            _dirty = true;
        }
    }

    /// <summary>Removes a value; false when it was absent.</summary>
    /// <param name="key">The key.</param>
    public bool Remove(string key)
    {
        lock (_sync)
        {
            var removed = _values.Remove(key);
            _dirty |= removed;
            return removed;
        }
    }

    /// <summary>True when a value changed since the last save.</summary>
    internal bool HasChanges
    {
        get
        {
            lock (_sync)
            {
                return _dirty;
            }
        }
    }

    /// <summary>Returns the values to save and clears the changed flag; null when nothing changed.</summary>
    internal Dictionary<string, JsonElement>? TakeChanges()
    {
        lock (_sync)
        {
            if (!_dirty)
            {
                return null;
            }

            _dirty = false;
            return new Dictionary<string, JsonElement>(_values, StringComparer.Ordinal);
        }
    }

    /// <summary>Marks the values as changed again after a save failed.</summary>
    internal void MarkDirty()
    {
        lock (_sync)
        {
            _dirty = true;
        }
    }
}
