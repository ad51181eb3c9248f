using System.Text.Json.Serialization;

namespace Parley;

/// <summary>The status of a task in a task list element.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ElementTaskStatus>))]
public enum ElementTaskStatus
{
    /// <summary>Not started (the default).</summary>
    [JsonStringEnumMemberName("ready")] Ready,

    /// <summary>In progress.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>Finished.</summary>
    [JsonStringEnumMemberName("done")] Done,

    /// <summary>Failed.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
