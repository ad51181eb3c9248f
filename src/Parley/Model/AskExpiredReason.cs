using System.Text.Json.Serialization;

namespace Parley;

/// <summary>Why an ask expired, so the user can be told (<c>expiredReason</c> on the wire).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AskExpiredReason>))]
public enum AskExpiredReason
{
    /// <summary>The ask's timeout elapsed before anyone answered.</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,

    /// <summary>The conversation's session ended (ended by the user, idle, or deleted) while the ask waited.</summary>
    [JsonStringEnumMemberName("session_ended")] SessionEnded,

    /// <summary>The server stopped or restarted while the ask waited.</summary>
    [JsonStringEnumMemberName("restarted")] Restarted,
}
