namespace Parley;

/// <summary>Why a connection (a subscription) closed.</summary>
public enum DisconnectReason
{
    /// <summary>The client went away: closed the tab, lost the network, navigated elsewhere.</summary>
    ClientClosed,

    /// <summary>The client fell too far behind and was dropped; it reconnects and resumes.</summary>
    Overflow,

    /// <summary>The session ended (the user ended or deleted the chat, or it was idle).</summary>
    SessionEnded,

    /// <summary>The server is shutting down.</summary>
    ServerShutdown,

    /// <summary>The server could not replay from the requested point and asked the client to resync.</summary>
    Resync,
}
