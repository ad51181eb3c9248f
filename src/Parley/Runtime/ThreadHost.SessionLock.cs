namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    /// <summary>
    /// Takes the gate with a live session, beginning one if needed, and waiting out a session that
    /// is ending (a reconnect then begins a fresh one).
    /// </summary>
    /// <exception cref="InvalidOperationException">The caller is a hook of the session that is ending: its end waits for the hook.</exception>
    public async ValueTask<(GateLease Gate, ThreadSession Session)> LockSessionAsync(ChatUser user, CancellationToken cancellationToken)
    {
        var locked = await LockSessionOrEndAsync(user, cancellationToken);
        return locked.EndAwaitingCaller is null
            ? (locked.Gate!.Value, locked.Session!)
            : throw new InvalidOperationException("This hook's session is ending, and its end waits for the hook; a new session can begin only after it returns.");
    }

    /// <summary>
    /// Like <see cref="LockSessionAsync"/>, but when the caller is a hook of the session that is
    /// ending (so waiting for the end would wait for the caller itself, until the hook timeout), returns
    /// that end instead of waiting for it, and takes no gate.
    /// </summary>
    private async ValueTask<(GateLease? Gate, ThreadSession? Session, Task? EndAwaitingCaller)> LockSessionOrEndAsync(ChatUser user, CancellationToken cancellationToken)
    {
        while (true)
        {
            var gate = await LockHealthyAsync(cancellationToken);
            if (IsDeleted)
            {
                gate.Dispose();
                throw ChatCommandException.ThreadNotFound();
            }

            if (Session is { Ending: { } ending } endingSession)
            {
                gate.Dispose();
                if (endingSession.Hooks.RunsCurrentFlow)
                {
                    return (null, null, ending.Task);
                }

                await ending.Task.WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                return (gate, await EnsureSessionAsync(user, cancellationToken), null);
            }
            catch
            {
                gate.Dispose();
                throw;
            }
        }
    }
}
