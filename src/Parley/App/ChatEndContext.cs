namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnChatEndAsync"/>.</summary>
public sealed class ChatEndContext
{
    internal ChatEndContext(ThreadInfo thread, ChatUser user, SessionValues session, ChatEndReason reason, CancellationToken cancellationToken)
    {
        Thread = thread;
        User = user;
        Session = session;
        Reason = reason;
        CancellationToken = cancellationToken;
    }

    /// <summary>The thread.</summary>
    public ThreadInfo Thread { get; }

    /// <summary>The thread's user.</summary>
    public ChatUser User { get; }

    /// <summary>The session's values; changes made here are saved with the thread.</summary>
    public SessionValues Session { get; }

    /// <summary>Why the session ended.</summary>
    public ChatEndReason Reason { get; }

    /// <summary>Fires when the host shuts down.</summary>
    public CancellationToken CancellationToken { get; }
}
