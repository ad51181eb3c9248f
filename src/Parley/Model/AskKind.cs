using System.Text.Json.Serialization;

namespace Parley;

/// <summary>What kind of answer an ask expects.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AskKind>))]
public enum AskKind
{
    /// <summary>A free-text answer.</summary>
    [JsonStringEnumMemberName("text")] Text,

    /// <summary>A click on one of the ask's actions.</summary>
    [JsonStringEnumMemberName("action")] Action,

    /// <summary>One or more uploaded files.</summary>
    [JsonStringEnumMemberName("file")] File,

    /// <summary>A value submitted by a custom element.</summary>
    [JsonStringEnumMemberName("element")] Element,
}
