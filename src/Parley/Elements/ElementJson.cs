using System.Text.Json;

namespace Parley;

/// <summary>Writes element props without reflection.</summary>
internal static class ElementJson
{
    public static IReadOnlyDictionary<string, JsonElement> Object(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var props = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            props[property.Name] = property.Value.Clone();
        }

        return props;
    }

    public static string StatusName(ElementTaskStatus status) => status switch
    {
        ElementTaskStatus.Running => "running",
        ElementTaskStatus.Done => "done",
        ElementTaskStatus.Failed => "failed",
        _ => "ready",
    };

    /// <summary>The size of the props as JSON, in bytes.</summary>
    public static long SizeOf(IReadOnlyDictionary<string, JsonElement> props)
    {
        long size = 2;
        foreach (var (name, value) in props)
        {
            size += name.Length + 4 + value.GetRawText().Length;
        }

        return size;
    }
}
