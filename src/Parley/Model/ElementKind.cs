using System.Text.Json.Serialization;

namespace Parley;

/// <summary>How an element is rendered.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ElementKind>))]
public enum ElementKind
{
    /// <summary>An image.</summary>
    [JsonStringEnumMemberName("image")] Image,

    /// <summary>A downloadable file.</summary>
    [JsonStringEnumMemberName("file")] File,

    /// <summary>A PDF document.</summary>
    [JsonStringEnumMemberName("pdf")] Pdf,

    /// <summary>An audio clip.</summary>
    [JsonStringEnumMemberName("audio")] Audio,

    /// <summary>A video clip.</summary>
    [JsonStringEnumMemberName("video")] Video,

    /// <summary>A block of text, optionally with a language for highlighting.</summary>
    [JsonStringEnumMemberName("text")] Text,

    /// <summary>A Plotly figure (figure JSON in props).</summary>
    [JsonStringEnumMemberName("plotly")] Plotly,

    /// <summary>A task list.</summary>
    [JsonStringEnumMemberName("tasklist")] TaskList,

    /// <summary>A named custom component supplied by the app.</summary>
    [JsonStringEnumMemberName("custom")] Custom,
}
