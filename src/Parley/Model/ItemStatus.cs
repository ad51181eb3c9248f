using System.Text.Json.Serialization;

namespace Parley;

/// <summary>The lifecycle status of a <see cref="ChatItem"/>, as on the wire (snake_case).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemStatus>))]
public enum ItemStatus
{
    /// <summary>Finished normally. The only status of user messages, elements, errors and hidden context.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>An assistant message or step that is still being produced.</summary>
    [JsonStringEnumMemberName("in_progress")] InProgress,

    /// <summary>Stopped by the user; partial content is kept.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,

    /// <summary>The run failed while producing this item; partial content is kept.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The process stopped (crash or shutdown) while producing this item; partial content is kept.</summary>
    [JsonStringEnumMemberName("interrupted")] Interrupted,

    /// <summary>An ask waiting for its answer.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>An ask that received its answer.</summary>
    [JsonStringEnumMemberName("answered")] Answered,

    /// <summary>An ask that timed out, or whose session ended before an answer came.</summary>
    [JsonStringEnumMemberName("expired")] Expired,
}
