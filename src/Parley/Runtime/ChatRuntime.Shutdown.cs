namespace Parley.Runtime;

public sealed partial class ChatRuntime
{
    /// <summary>
    /// Fires once a host shutdown has ended every session: each active run finished (interrupted,
    /// with its error item) and was published, and each subscription was closed. A transport keeps
    /// its event streams open until then — not merely until the application starts stopping — so
    /// clients see how their runs ended; after it, whatever stream remains can end.
    /// </summary>
    public CancellationToken SessionsEnded => _services.SessionsEndedToken;
}
