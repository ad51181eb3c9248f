namespace Parley;

/// <summary>Why a session ended (<see cref="ChatApp.OnChatEndAsync"/>). A dropped connection is never one.</summary>
public enum ChatEndReason
{
    /// <summary>The user ended the chat.</summary>
    UserEnded,

    /// <summary>The user deleted the thread.</summary>
    Deleted,

    /// <summary>No connection and no run for <see cref="Hosting.ParleyOptions.SessionIdleTimeout"/>.</summary>
    IdleTimeout,

    /// <summary>The host is shutting down.</summary>
    ServerShutdown,
}
