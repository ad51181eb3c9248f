using System.Text.Json.Serialization;

namespace Parley;

/// <summary>Where an element is shown.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ElementDisplay>))]
public enum ElementDisplay
{
    /// <summary>Inside the message it belongs to (the default).</summary>
    [JsonStringEnumMemberName("inline")] Inline,

    /// <summary>In a side panel, opened from a link in the message.</summary>
    [JsonStringEnumMemberName("side")] Side,

    /// <summary>On a page of its own.</summary>
    [JsonStringEnumMemberName("page")] Page,
}
