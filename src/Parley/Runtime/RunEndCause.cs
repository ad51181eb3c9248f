namespace Parley.Runtime;

/// <summary>Why a run was cancelled before its handler returned.</summary>
internal enum RunEndCause
{
    /// <summary>An explicit stop: OnStreamCancelled and OnStop run; the run ends cancelled.</summary>
    Stop = 1,

    /// <summary>The session ended (the user ended or deleted the chat): the run ends cancelled.</summary>
    SessionEnded,

    /// <summary>The host is shutting down: the run ends interrupted with a visible error.</summary>
    Shutdown,
}
