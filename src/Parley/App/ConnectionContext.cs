namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnConnectAsync"/> and <see cref="ChatApp.OnDisconnectAsync"/>.</summary>
public sealed class ConnectionContext
{
    internal ConnectionContext(ThreadInfo thread, ChatUser user, string connectionId, SessionValues session, int connections, DisconnectReason? reason, CancellationToken cancellationToken)
    {
        Thread = thread;
        User = user;
        ConnectionId = connectionId;
        Session = session;
        Connections = connections;
        Reason = reason;
        CancellationToken = cancellationToken;
    }

    /// <summary>The thread.</summary>
    public ThreadInfo Thread { get; }

    /// <summary>The thread's user.</summary>
    public ChatUser User { get; }

    /// <summary>The connection that opened or closed.</summary>
    public string ConnectionId { get; }

    /// <summary>The session's values; they outlive connections.</summary>
    public SessionValues Session { get; }

    /// <summary>How many connections are open after this change.</summary>
    public int Connections { get; }

    /// <summary>Why the connection closed; null in <see cref="ChatApp.OnConnectAsync"/>.</summary>
    public DisconnectReason? Reason { get; }

    /// <summary>Fires when the host shuts down.</summary>
    public CancellationToken CancellationToken { get; }
}
