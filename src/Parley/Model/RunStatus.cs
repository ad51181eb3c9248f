using System.Text.Json.Serialization;

namespace Parley;

/// <summary>The status of a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>Accepted and waiting behind the thread's active run. Never sent in <c>run.finished</c>.</summary>
    [JsonStringEnumMemberName("queued")] Queued,

    /// <summary>The handler is executing. Never sent in <c>run.finished</c>.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>The handler returned.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>Stopped by an explicit stop or by the end of its session.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,

    /// <summary>The handler threw, or the run could not start.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The process stopped (crash or shutdown) while the run was active.</summary>
    [JsonStringEnumMemberName("interrupted")] Interrupted,
}
