namespace Parley.Testing;

/// <summary>What <see cref="ScriptedApp"/> does: each test sets the hooks it needs.</summary>
public sealed class AppScript
{
    public HookRecorder Hooks { get; } = new();

    public Func<ChatContext, Task>? ChatStart { get; set; }

    public Func<ChatContext, Task>? ChatResume { get; set; }

    public Func<ChatContext, UserMessage, Task>? Message { get; set; }

    public Func<ChatContext, Task>? Stop { get; set; }

    public Func<StreamCancelledContext, Task>? StreamCancelled { get; set; }

    public Func<RunErrorContext, ValueTask<ChatError>>? Error { get; set; }

    public Func<RunInfo, RunOptions>? RunOptions { get; set; }

    public Func<ChatEndContext, Task>? ChatEnd { get; set; }

    public Func<ConnectionContext, Task>? Connect { get; set; }

    public Func<WindowMessageContext, Task>? WindowMessage { get; set; }

    public Func<AudioStartContext, ValueTask<bool>>? AudioStart { get; set; }

    public Func<AudioChunkContext, Task>? AudioChunk { get; set; }

    public Func<ChatContext, AudioRecording, Task>? AudioEnd { get; set; }

    public Func<ChatContext, SettingsUpdate, Task>? SettingsUpdate { get; set; }

    public Func<FeedbackContext, Task>? Feedback { get; set; }

    /// <summary>When set, constructing the app throws (an app construction failure).</summary>
    public bool ThrowOnConstruct { get; set; }
}
