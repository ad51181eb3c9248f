using System.Text.Json.Serialization;

namespace Parley;

/// <summary>A text field of an item that can grow by positional deltas.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemField>))]
public enum ItemField
{
    /// <summary>The markdown content of an assistant message (or the text of a step's stream).</summary>
    [JsonStringEnumMemberName("content")] Content,

    /// <summary>The input of a step.</summary>
    [JsonStringEnumMemberName("input")] Input,

    /// <summary>The output of a step.</summary>
    [JsonStringEnumMemberName("output")] Output,
}
