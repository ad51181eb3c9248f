using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Storage;

namespace Parley.Serialization;

/// <summary>
/// The JSON form of Parley's wire model: camelCase, nulls omitted, snake_case enum values, UTC
/// millisecond timestamps. Stores use it for their JSON columns; the HTTP layer for its bodies.
/// </summary>
/// <remarks>
/// Thread-safe; the options are frozen. Text is not \u-escaped beyond what JSON requires (the JSON is
/// served as <c>application/json</c> and <c>text/event-stream</c>, never inlined into HTML), so
/// non-Latin text costs what it weighs.
/// </remarks>
public static class ParleyJson
{
    private static readonly ParleyJsonContext Context = new(new JsonSerializerOptions(ParleyJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The serializer options (read-only) with the source-generated wire model.</summary>
    public static JsonSerializerOptions Options => Context.Options;

    /// <summary>Type info for <see cref="ChatEvent"/>, polymorphic on <c>type</c>.</summary>
    public static JsonTypeInfo<ChatEvent> Event => Context.ChatEvent;

    /// <summary>Type info for <see cref="ChatItem"/>, polymorphic on <c>type</c>.</summary>
    public static JsonTypeInfo<ChatItem> Item => Context.ChatItem;

    /// <summary>Type info for <see cref="ThreadInfo"/>.</summary>
    public static JsonTypeInfo<ThreadInfo> Thread => Context.ThreadInfo;

    /// <summary>Type info for <see cref="ThreadRecord"/> (store use).</summary>
    public static JsonTypeInfo<ThreadRecord> ThreadRecord => Context.ThreadRecord;

    /// <summary>Type info for <see cref="RunRecord"/> (store use).</summary>
    public static JsonTypeInfo<RunRecord> RunRecord => Context.RunRecord;

    /// <summary>Type info for a metadata object.</summary>
    public static JsonTypeInfo<IReadOnlyDictionary<string, JsonElement>> Metadata =>
        Context.IReadOnlyDictionaryStringJsonElement;

    /// <summary>Serializes an event, with its <c>type</c>, to UTF-8 JSON.</summary>
    /// <param name="value">The event.</param>
    public static byte[] SerializeEvent(ChatEvent value) => JsonSerializer.SerializeToUtf8Bytes(value, Event);

    /// <summary>Reads an event serialized by <see cref="SerializeEvent"/>.</summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <exception cref="JsonException">The JSON is not an event.</exception>
    public static ChatEvent DeserializeEvent(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, Event) ?? throw new JsonException("null event");

    /// <summary>Serializes an item, with its <c>type</c>, to a JSON string.</summary>
    /// <param name="value">The item.</param>
    public static string SerializeItem(ChatItem value) => JsonSerializer.Serialize(value, Item);

    /// <summary>Reads an item serialized by <see cref="SerializeItem"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <exception cref="JsonException">The JSON is not an item.</exception>
    public static ChatItem DeserializeItem(string json) =>
        JsonSerializer.Deserialize(json, Item) ?? throw new JsonException("null item");
}
