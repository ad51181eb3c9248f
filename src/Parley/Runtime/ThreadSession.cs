namespace Parley.Runtime;

/// <summary>
/// The live server-side state of an open thread: session values, its connections, its hook
/// sequence and idle timer. It outlives connections and ends only by
/// <see cref="ThreadHost.EndSessionAsync"/>.
/// </summary>
/// <remarks>Guarded by the host's gate, except <see cref="Hooks"/> which is thread-safe.</remarks>
internal sealed class ThreadSession(SessionValues values)
{
    public SessionValues Values { get; } = values;

    /// <summary>The subscriptions this session counts as connections.</summary>
    public HashSet<ChatSubscription> Connections { get; } = [];

    public HookSequence Hooks { get; } = new();

    public ITimer? IdleTimer { get; set; }

    /// <summary>Set once the session started ending; completes when it has ended.</summary>
    public TaskCompletionSource? Ending { get; set; }

    public void CancelIdleTimer()
    {
        IdleTimer?.Dispose();
        IdleTimer = null;
    }
}
