namespace Parley.Runtime;

// What a session's own non-run hooks may do to it. The session's end waits for its hooks (every
// disconnect before the chat end), so a hook must never wait for that end: it would hold both until
// the hook timeout.
internal sealed partial class ThreadHost
{
    /// <summary>True when the calling flow is a hook of this thread's current session.</summary>
    internal bool InOwnSessionHook => Session is { } session && session.Hooks.RunsCurrentFlow;

    /// <summary>
    /// Ends the session for a command (<c>end</c>). From a hook of this very session the end begins
    /// now and is over once the hook has returned; from anywhere else it is over when this returns.
    /// </summary>
    public Task EndSessionForCommandAsync(ChatEndReason reason)
    {
        if (!InOwnSessionHook)
        {
            return EndSessionAsync(reason);
        }

        _ = RunDetached(() => EndSessionAsync(reason));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Queues a server-started run: the same events and error handling as any run. It begins a session
    /// if none is live, after waiting out one that is ending — except when the caller is a hook of that
    /// ending session (a window message or connection hook starting a run as the user ends the chat):
    /// the end waits for that hook, so the run is queued as soon as the end is over, without waiting.
    /// </summary>
    public async Task<RunState> StartServerRunAsync(ChatUser owner, Func<ChatContext, Task> handler, CancellationToken cancellationToken)
    {
        if (InOwnEndHook)
        {
            // The run would need a session, and the session is ending because of this very hook.
            throw new InvalidOperationException("A server run cannot be started from its own thread's OnChatEnd; the session is ending. Start it from elsewhere, or in another thread.");
        }

        var run = new RunState(NewRunRecord(RunTrigger.Server), owner, handler);
        var (gate, _, endAwaitingCaller) = await LockSessionOrEndAsync(owner, cancellationToken);
        if (endAwaitingCaller is not null)
        {
            // Leased so the host stays loaded (and the only one for its thread) until the run is queued.
            Registry.AddLease(this);
            _ = QueueAfterEndAsync(endAwaitingCaller, run);
            return run;
        }

        using (gate!.Value)
        {
            Runs.Enqueue(run);
        }

        return run;
    }

    private async Task QueueAfterEndAsync(Task end, RunState run)
    {
        try
        {
            await end;
            var (gate, _) = await LockSessionAsync(run.User, CancellationToken.None);
            using (gate)
            {
                Runs.Enqueue(run);
            }
        }
        catch (Exception ex)
        {
            // Deleted, shutting down or the store down meanwhile: the run never starts, as a queued run
            // that a shutdown settles; its awaiter learns it from the completion.
            RuntimeLog.ServerRunNotQueued(Services.Logger, ThreadId, run.Id, ex);
            run.Completion.TrySetResult(new RunResult(run.Id, RunStatus.Interrupted));
        }
        finally
        {
            Registry.Release(this);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool without the caller's ambient state (its hook marker).</summary>
    private static Task RunDetached(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }
}
