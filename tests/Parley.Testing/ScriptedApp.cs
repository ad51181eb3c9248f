namespace Parley.Testing;

/// <summary>An app whose hooks do what the test's <see cref="AppScript"/> says, recording each call.</summary>
public sealed class ScriptedApp : ChatApp
{
    private readonly AppScript _script;

    public ScriptedApp(AppScript script)
    {
        _script = script;
        if (script.ThrowOnConstruct)
        {
            throw new InvalidOperationException("The app could not be constructed.");
        }
    }

    public override RunOptions GetRunOptions(RunInfo run) => _script.RunOptions?.Invoke(run) ?? base.GetRunOptions(run);

    public override Task OnChatStartAsync(ChatContext chat)
    {
        _script.Hooks.Record("ChatStart");
        return _script.ChatStart?.Invoke(chat) ?? Task.CompletedTask;
    }

    public override Task OnChatResumeAsync(ChatContext chat)
    {
        _script.Hooks.Record("ChatResume");
        return _script.ChatResume?.Invoke(chat) ?? Task.CompletedTask;
    }

    public override Task OnMessageAsync(ChatContext chat, UserMessage message)
    {
        _script.Hooks.Record("Message");
        return _script.Message?.Invoke(chat, message) ?? Task.CompletedTask;
    }

    public override Task OnSettingsUpdateAsync(ChatContext chat, SettingsUpdate update)
    {
        _script.Hooks.Record("SettingsUpdate");
        return _script.SettingsUpdate?.Invoke(chat, update) ?? Task.CompletedTask;
    }

    public override Task OnFeedbackAsync(FeedbackContext context)
    {
        _script.Hooks.Record("Feedback");
        return _script.Feedback?.Invoke(context) ?? Task.CompletedTask;
    }

    public override Task OnStopAsync(ChatContext chat)
    {
        _script.Hooks.Record("Stop");
        return _script.Stop?.Invoke(chat) ?? Task.CompletedTask;
    }

    public override Task OnStreamCancelledAsync(StreamCancelledContext context)
    {
        _script.Hooks.Record("StreamCancelled");
        return _script.StreamCancelled?.Invoke(context) ?? base.OnStreamCancelledAsync(context);
    }

    public override ValueTask<ChatError> OnErrorAsync(RunErrorContext context)
    {
        _script.Hooks.Record("Error");
        return _script.Error?.Invoke(context) ?? base.OnErrorAsync(context);
    }

    public override Task OnConnectAsync(ConnectionContext connection)
    {
        _script.Hooks.Record("Connect");
        return _script.Connect?.Invoke(connection) ?? Task.CompletedTask;
    }

    public override Task OnDisconnectAsync(ConnectionContext connection)
    {
        _script.Hooks.Record("Disconnect");
        return Task.CompletedTask;
    }

    public override Task OnChatEndAsync(ChatEndContext context)
    {
        _script.Hooks.Record("ChatEnd:" + context.Reason);
        return _script.ChatEnd?.Invoke(context) ?? Task.CompletedTask;
    }

    public override Task OnWindowMessageAsync(WindowMessageContext context)
    {
        _script.Hooks.Record("WindowMessage");
        return _script.WindowMessage?.Invoke(context) ?? Task.CompletedTask;
    }

    public override ValueTask<bool> OnAudioStartAsync(AudioStartContext context)
    {
        _script.Hooks.Record("AudioStart");
        return _script.AudioStart?.Invoke(context) ?? base.OnAudioStartAsync(context);
    }

    public override Task OnAudioChunkAsync(AudioChunkContext context)
    {
        _script.Hooks.Record("AudioChunk");
        return _script.AudioChunk?.Invoke(context) ?? Task.CompletedTask;
    }

    public override Task OnAudioEndAsync(ChatContext chat, AudioRecording recording)
    {
        _script.Hooks.Record("AudioEnd");
        return _script.AudioEnd?.Invoke(chat, recording) ?? Task.CompletedTask;
    }
}
