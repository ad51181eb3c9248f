using Parley.Storage;

namespace Parley;

/// <summary>
/// The app: override the hooks you need. One instance is resolved from dependency injection in a
/// fresh scope for every run and every hook call, so constructor-inject what you use (an
/// <c>IChatClient</c>, a database context) and keep per-conversation state in
/// <see cref="ChatContext.Session"/>, not in fields.
/// </summary>
/// <remarks>
/// <para>Lifecycle, with no ambiguity: <see cref="OnChatStartAsync"/> runs when a new thread's session
/// begins, <see cref="OnChatResumeAsync"/> when a session begins for an existing thread (reopened from
/// history, after a restart, after idle expiry) — never on a reconnect. <see cref="OnConnectAsync"/> and
/// <see cref="OnDisconnectAsync"/> see every connection come and go. <see cref="OnChatEndAsync"/> runs
/// only when the session really ends — never because a connection dropped.</para>
/// <para>Runs (<see cref="OnChatStartAsync"/>, <see cref="OnChatResumeAsync"/>, <see cref="OnMessageAsync"/>)
/// execute one at a time per thread, in order. Connection and end hooks run in order with each other,
/// and may run while a run executes.</para>
/// </remarks>
public abstract class ChatApp
{
    /// <summary>Chooses a run's options before it starts. Default: <see cref="RunOptions.Default"/> (stoppable).</summary>
    /// <param name="run">The run about to start (<see cref="RunInfo.AllowCancel"/> is the default there).</param>
    public virtual RunOptions GetRunOptions(RunInfo run) => RunOptions.Default;

    /// <summary>A new thread's session begins: greet, set up session values. A run.</summary>
    /// <param name="chat">The run's context.</param>
    public virtual Task OnChatStartAsync(ChatContext chat) => Task.CompletedTask;

    /// <summary>
    /// A session begins for an existing thread: restore state from <see cref="ChatContext.Session"/>
    /// and <see cref="ChatContext.History"/> (an ask that expired when the previous session ended is
    /// there, and can be asked again). A run.
    /// </summary>
    /// <param name="chat">The run's context.</param>
    public virtual Task OnChatResumeAsync(ChatContext chat) => Task.CompletedTask;

    /// <summary>The user sent a message. A run.</summary>
    /// <param name="chat">The run's context.</param>
    /// <param name="message">The message.</param>
    public virtual Task OnMessageAsync(ChatContext chat, UserMessage message) => Task.CompletedTask;

    /// <summary>
    /// The user clicked an action on a message. A run (queued, stoppable, retryable like any). Only
    /// names registered with <c>builder.WithAction</c> get here. Default: call the delegate registered
    /// for the action's name.
    /// </summary>
    /// <param name="chat">The run's context.</param>
    /// <param name="action">The click: the action, its message, and its removal.</param>
    public virtual Task OnActionAsync(ChatContext chat, ActionContext action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Handler is { } handler
            ? handler(chat, action)
            : throw new InvalidOperationException($"Action '{action.Action.Name}' is registered without a handler; override OnActionAsync or register one with WithAction(name, handler).");
    }

    /// <summary>
    /// Maps an author name for display; applied to the author of every item a run writes (messages,
    /// steps, asks, elements). Default: the name unchanged.
    /// </summary>
    /// <param name="author">The author the item would show.</param>
    /// <param name="cancellationToken">Fires when the run is stopped.</param>
    public virtual ValueTask<string> RenameAuthorAsync(string author, CancellationToken cancellationToken) => ValueTask.FromResult(author);

    /// <summary>
    /// The user changed the chat settings (<c>PUT /settings</c>); the new values are stored and on
    /// <see cref="ChatContext.Settings"/> already. A run (trigger <see cref="RunTrigger.Settings"/>).
    /// </summary>
    /// <param name="chat">The run's context.</param>
    /// <param name="update">The values after the change, and the ids that changed.</param>
    public virtual Task OnSettingsUpdateAsync(ChatContext chat, SettingsUpdate update) => Task.CompletedTask;

    /// <summary>
    /// The user rated a reply (or removed a rating), after the rating was stored. Not a run: it is
    /// never queued behind one; a hook that throws is logged and the rating stands.
    /// </summary>
    /// <param name="context">The thread, user, rated item, value and comment.</param>
    public virtual Task OnFeedbackAsync(FeedbackContext context) => Task.CompletedTask;

    /// <summary>
    /// A run was stopped by an explicit stop and its handler has ended; called after
    /// <see cref="OnStreamCancelledAsync"/>, before the run finishes. <see cref="ChatContext.Aborted"/> is
    /// cancelled here, but the context still writes (a short "Stopped." is fine).
    /// </summary>
    /// <param name="chat">A context of the stopped run.</param>
    public virtual Task OnStopAsync(ChatContext chat) => Task.CompletedTask;

    /// <summary>
    /// A run is being stopped: decide what happens to what it left unfinished. Default
    /// (<see cref="StreamCancelledContext.ApplyDefaultAsync"/>): keep partial assistant text as
    /// <see cref="ItemStatus.Cancelled"/>, finish pending steps as cancelled, cancel pending asks, and add
    /// a hidden-context item telling the model the user stopped the reply. Whatever this leaves open is
    /// cancelled afterwards, so the run never finishes with open items.
    /// </summary>
    /// <param name="context">The pending items and what can be done with them.</param>
    public virtual Task OnStreamCancelledAsync(StreamCancelledContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ApplyDefaultAsync();
    }

    /// <summary>
    /// A handler threw: map the exception to a user-safe error. The exception is logged by Parley
    /// whatever this returns. Default: a generic message with retry allowed (a store failure says the
    /// conversation could not be saved); exception text is never shown.
    /// </summary>
    /// <param name="context">The run and the exception.</param>
    public virtual ValueTask<ChatError> OnErrorAsync(RunErrorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(context.Exception is ChatStoreException
            ? new ChatError(ChatErrorCodes.StoreUnavailable, "Your conversation could not be saved just now. Please try again in a moment.", AllowRetry: true)
            : new ChatError(ChatErrorCodes.HandlerError, "Something went wrong while writing the reply.", AllowRetry: true));
    }

    /// <summary>A connection opened (a tab subscribed, or reconnected).</summary>
    /// <param name="connection">The connection.</param>
    public virtual Task OnConnectAsync(ConnectionContext connection) => Task.CompletedTask;

    /// <summary>A connection closed. Nothing is cancelled by it; the session lives on.</summary>
    /// <param name="connection">The connection, with <see cref="ConnectionContext.Reason"/>.</param>
    public virtual Task OnDisconnectAsync(ConnectionContext connection) => Task.CompletedTask;

    /// <summary>
    /// The session really ended: the user ended or deleted the chat, it was idle with no connection
    /// for <see cref="Hosting.ParleyOptions.SessionIdleTimeout"/>, or the host is shutting down.
    /// Clean-up belongs here.
    /// </summary>
    /// <param name="context">The session and the reason.</param>
    public virtual Task OnChatEndAsync(ChatEndContext context) => Task.CompletedTask;

    /// <summary>The host started, after the store is ready and recovery is done.</summary>
    /// <param name="cancellationToken">Fires when start-up is aborted.</param>
    public virtual Task OnAppStartupAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host is stopping, after every session ended.</summary>
    /// <param name="cancellationToken">Fires when the shutdown timeout elapses.</param>
    public virtual Task OnAppShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The page embedding the chat posted a message (<c>POST …/window-messages</c>). Not a run: it is never
    /// queued behind one, runs in order with the session's other non-run hooks, and a failure is logged.
    /// Reply with <see cref="ThreadHookContext.SendWindowMessageAsync"/>, or start a run to write in the chat.
    /// </summary>
    /// <param name="context">The thread, the user and the data.</param>
    public virtual Task OnWindowMessageAsync(WindowMessageContext context) => Task.CompletedTask;

    /// <summary>
    /// The user began recording audio (audio must be enabled: <c>builder.WithAudio()</c>). Return false to
    /// refuse the stream (the start answers 409 <c>audio_refused</c>); a hook that throws or times out
    /// refuses it too. Not a run. Default: accept.
    /// </summary>
    /// <param name="context">The thread, the user, the stream and its media type.</param>
    public virtual ValueTask<bool> OnAudioStartAsync(AudioStartContext context) => ValueTask.FromResult(true);

    /// <summary>
    /// A chunk of a recording arrived. Chunks of a stream fire strictly in order, after its start and
    /// before its end run. Not a run: a failure is logged and the stream goes on. Default: nothing.
    /// </summary>
    /// <param name="context">The thread, the user and the chunk.</param>
    public virtual Task OnAudioChunkAsync(AudioChunkContext context) => Task.CompletedTask;

    /// <summary>
    /// The user stopped recording. A run (trigger <see cref="RunTrigger.Audio"/>), queued like a message,
    /// after every chunk's hook: reply here. The recording's bytes are saved as a file. Default: nothing.
    /// </summary>
    /// <param name="chat">The run's context.</param>
    /// <param name="recording">The recording.</param>
    public virtual Task OnAudioEndAsync(ChatContext chat, AudioRecording recording) => Task.CompletedTask;
}
