using Parley.Storage;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    private ThreadHostRegistry? _registry;

    internal ThreadHostRegistry Registry
    {
        get => _registry ?? throw new InvalidOperationException("The host has no registry.");
        set => _registry = value;
    }

    /// <summary>
    /// Begins a session if none is live: queues <see cref="RunTrigger.ChatResume"/> for an existing thread
    /// (unless its chat-start run never ran), then the runs left queued in the store. The caller holds
    /// the gate and has checked that no session is ending.
    /// </summary>
    public async ValueTask<ThreadSession> EnsureSessionAsync(ChatUser user, CancellationToken cancellationToken)
    {
        if (Session is { } live)
        {
            return live;
        }

        var queued = (await Services.Store.GetUnfinishedRunsAsync(ThreadId, cancellationToken))
            .Where(r => r.Status == RunStatus.Queued)
            .ToList();
        var session = new ThreadSession(new SessionValues(Thread.Session));
        Session = session;
        var startsNew = queued.Count > 0 && queued[0].Trigger == RunTrigger.ChatStart;
        if (!startsNew)
        {
            Runs.Enqueue(new RunState(NewRunRecord(RunTrigger.ChatResume), user, serverHandler: null));
        }

        foreach (var record in queued)
        {
            Runs.Enqueue(new RunState(record, user, serverHandler: null) { Persisted = true });
        }

        RuntimeLog.SessionBegan(Services.Logger, ThreadId, startsNew ? RunTrigger.ChatStart : RunTrigger.ChatResume);
        return session;
    }

    /// <summary>
    /// Takes the gate with a live session, beginning one if needed, and waiting out a session that
    /// is ending (a reconnect then begins a fresh one).
    /// </summary>
    public async ValueTask<(GateLease Gate, ThreadSession Session)> LockSessionAsync(ChatUser user, CancellationToken cancellationToken)
    {
        while (true)
        {
            var gate = await LockHealthyAsync(cancellationToken);
            if (IsDeleted)
            {
                gate.Dispose();
                throw ChatCommandException.ThreadNotFound();
            }

            if (Session?.Ending is { } ending)
            {
                gate.Dispose();
                await ending.Task.WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                return (gate, await EnsureSessionAsync(user, cancellationToken));
            }
            catch
            {
                gate.Dispose();
                throw;
            }
        }
    }

    /// <summary>Opens a connection: registers it for live events first, then it replays from the store.</summary>
    public async Task<ChatSubscription> ConnectAsync(ChatUser user, long afterSeq, CancellationToken cancellationToken)
    {
        var (gate, session) = await LockSessionAsync(user, cancellationToken);
        ChatSubscription subscription;
        int connections;
        using (gate)
        {
            subscription = new ChatSubscription(
                ThreadId, Services.Ids.New("con_"), afterSeq, Services.Options.SubscriberBufferSize, Services.Store, DisconnectAsync);
            Hub.Add(subscription);
            var durableSeq = await Services.Store.GetLastSeqAsync(ThreadId, cancellationToken);
            if (afterSeq > durableSeq)
            {
                // The client claims to have seen events this thread never made durable (a reset
                // database, a different server): it cannot be replayed, only resynced.
                Hub.Remove(subscription);
                subscription.StartWithResync(EventFrame.Ephemeral(new ResyncEvent { ThreadId = ThreadId, At = Now, Reason = "ahead_of_log" }, endsStream: true));
                Registry.AddLease(this);
                return subscription;
            }

            session.Connections.Add(subscription);
            session.CancelIdleTimer();
            connections = session.Connections.Count;
            Registry.AddLease(this);
        }

        Services.KeepAlive.Track(subscription);
        Services.Metrics.SubscriptionOpened();
        var context = new ConnectionContext(Thread.ToInfo(), user, subscription.ConnectionId, session.Values, connections, reason: null, Services.ShutdownToken);
        _ = session.Hooks.Enqueue(() => AppHookInvoker.InvokeAsync(Services, nameof(ChatApp.OnConnectAsync), ThreadId, app => app.OnConnectAsync(context)));
        PublishEphemeral(new PresenceEvent { ThreadId = ThreadId, At = Now, Connections = connections });
        return subscription;
    }

    private async ValueTask DisconnectAsync(ChatSubscription subscription)
    {
        Hub.Remove(subscription);
        Services.KeepAlive.Untrack(subscription);
        try
        {
            using (await LockAsync(CancellationToken.None))
            {
                if (Session is { } session && session.Connections.Remove(subscription))
                {
                    Services.Metrics.SubscriptionClosed();
                    OnConnectionClosed(session, subscription, subscription.CloseReason ?? DisconnectReason.ClientClosed);
                    CheckIdle();
                }
            }
        }
        finally
        {
            Registry.Release(this);
        }
    }

    private void OnConnectionClosed(ThreadSession session, ChatSubscription subscription, DisconnectReason reason)
    {
        var user = new ChatUser { Id = Thread.OwnerId };
        var context = new ConnectionContext(Thread.ToInfo(), user, subscription.ConnectionId, session.Values, session.Connections.Count, reason, Services.ShutdownToken);
        _ = session.Hooks.Enqueue(() => AppHookInvoker.InvokeAsync(Services, nameof(ChatApp.OnDisconnectAsync), ThreadId, app => app.OnDisconnectAsync(context)));
        PublishEphemeral(new PresenceEvent { ThreadId = ThreadId, At = Now, Connections = session.Connections.Count });
    }

    /// <summary>Starts the idle timer when the session has no connection and no run. The caller holds the gate.</summary>
    public void CheckIdle()
    {
        if (Session is not { Ending: null } session || session.Connections.Count > 0 || !Runs.IsIdle || session.IdleTimer is not null)
        {
            return;
        }

        session.IdleTimer = Services.Time.CreateTimer(
            static state => _ = ((ThreadHost)state!).EndSessionAsync(ChatEndReason.IdleTimeout),
            this,
            Services.Options.SessionIdleTimeout,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Ends the live session, if any: cancels the active run (cancelled, or interrupted at shutdown),
    /// settles the queue, closes connections (each sees OnDisconnect), runs OnChatEnd, saves the
    /// session values. An idle timeout ends nothing when the session is no longer idle.
    /// </summary>
    public async Task EndSessionAsync(ChatEndReason reason)
    {
        ThreadSession session;
        RunState? active;
        using (await LockAsync(CancellationToken.None))
        {
            if (Session is not { Ending: null } live ||
                (reason == ChatEndReason.IdleTimeout && (live.Connections.Count > 0 || !Runs.IsIdle)))
            {
                if (Session is { } s && reason == ChatEndReason.IdleTimeout)
                {
                    s.CancelIdleTimer();
                }

                return;
            }

            session = live;
            session.Ending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            session.CancelIdleTimer();
            active = Runs.Active;
            await Runs.SettleQueueAsync(reason);
        }

        try
        {
            if (active is not null)
            {
                active.TryCancel(reason == ChatEndReason.ServerShutdown ? RunEndCause.Shutdown : RunEndCause.SessionEnded);
                await active.Completion.Task;
            }

            await Runs.WhenIdleAsync();
            var disconnect = reason == ChatEndReason.ServerShutdown ? DisconnectReason.ServerShutdown : DisconnectReason.SessionEnded;
            using (await LockAsync(CancellationToken.None))
            {
                foreach (var subscription in session.Connections.ToList())
                {
                    session.Connections.Remove(subscription);
                    Hub.Remove(subscription);
                    subscription.Close(disconnect);
                    Services.Metrics.SubscriptionClosed();
                    OnConnectionClosed(session, subscription, disconnect);
                }
            }

            var user = new ChatUser { Id = Thread.OwnerId };
            var context = new ChatEndContext(Thread.ToInfo(), user, session.Values, reason, Services.ShutdownToken);
            await session.Hooks.Enqueue(() => AppHookInvoker.InvokeAsync(Services, nameof(ChatApp.OnChatEndAsync), ThreadId, app => app.OnChatEndAsync(context)));

            using (await LockAsync(CancellationToken.None))
            {
                if (!IsDeleted)
                {
                    await SaveSessionAsync(session);
                }

                Session = null;
            }

            RuntimeLog.SessionEnded(Services.Logger, ThreadId, reason);
        }
        finally
        {
            session.Ending.TrySetResult();
            Registry.TryUnload(this);
        }
    }

    /// <summary>Saves changed session values with the thread. The caller holds the gate.</summary>
    public async ValueTask SaveSessionAsync(ThreadSession session)
    {
        if (session.Values.TakeChanges() is not { } values)
        {
            return;
        }

        try
        {
            var thread = Thread with { Session = values };
            await await Log.WriteRecordsAsync(runs: null, thread, CancellationToken.None);
            Thread = thread;
        }
        catch (Exception ex)
        {
            session.Values.MarkDirty();
            RuntimeLog.SessionSaveFailed(Services.Logger, ThreadId, ex);
        }
    }

    public RunRecord NewRunRecord(RunTrigger trigger, string? clientId = null, string? inputItemId = null) => new()
    {
        Id = Services.Ids.NewRunId(),
        ThreadId = ThreadId,
        Trigger = trigger,
        Status = RunStatus.Queued,
        ClientId = clientId,
        InputItemId = inputItemId,
        CreatedAt = Now,
    };
}
