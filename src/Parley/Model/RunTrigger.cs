using System.Text.Json.Serialization;

namespace Parley;

/// <summary>What started a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunTrigger>))]
public enum RunTrigger
{
    /// <summary>A new thread's session began (<c>ChatApp.OnChatStartAsync</c>).</summary>
    [JsonStringEnumMemberName("chat_start")] ChatStart,

    /// <summary>A session began for an existing thread (<c>ChatApp.OnChatResumeAsync</c>).</summary>
    [JsonStringEnumMemberName("chat_resume")] ChatResume,

    /// <summary>A user message (<c>ChatApp.OnMessageAsync</c>).</summary>
    [JsonStringEnumMemberName("message")] Message,

    /// <summary>A click on an action.</summary>
    [JsonStringEnumMemberName("action")] Action,

    /// <summary>A retry of a failed run: the failed run's input is handled again.</summary>
    [JsonStringEnumMemberName("retry")] Retry,

    /// <summary>An audio stream from the user.</summary>
    [JsonStringEnumMemberName("audio")] Audio,

    /// <summary>A change of the chat settings.</summary>
    [JsonStringEnumMemberName("settings")] Settings,

    /// <summary>The server itself, for example a scheduled job (<c>IChatRunner</c>).</summary>
    [JsonStringEnumMemberName("server")] Server,
}
