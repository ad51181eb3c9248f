using Parley.Storage;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    // Set while a thread's OnChatEnd runs, so a server run started from it fails fast instead of
    // waiting for the very session end that is waiting for the hook.
    private static readonly AsyncLocal<ThreadHost?> EndingHookOf = new();

    private ThreadHostRegistry? _registry;

    internal ThreadHostRegistry Registry
    {
        get => _registry ?? throw new InvalidOperationException("The host has no registry.");
        set => _registry = value;
    }

    /// <summary>True while the current async flow runs this thread's OnChatEnd.</summary>
    internal bool InOwnEndHook => EndingHookOf.Value == this;

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

        if (Registry.IsClosed)
        {
            // Shutdown already ended every session; a new one would never get its OnChatEnd.
            throw new ChatCommandException(ChatErrorCodes.ShuttingDown, "The server is shutting down. Please try again in a moment.");
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

    /// <summary>Opens a connection: registers it for live events first, then it replays from the store.</summary>
    public async Task<ChatSubscription> ConnectAsync(ChatUser user, long afterSeq, CancellationToken cancellationToken)
    {
        // A client ahead of the durable log cannot be replayed, only resynced; checked first so it
        // begins no session. (The durable seq only grows, and a client only ever sees durable seqs.)
        if (afterSeq > await Services.Store.GetLastSeqAsync(ThreadId, cancellationToken))
        {
            var resync = new ChatSubscription(ThreadId, Services.Ids.New("con_"), afterSeq, Services.Options.SubscriberBufferSize, Services.Options.SubscriberBufferBytes, Services.Store, DisconnectAsync);
            resync.StartWithResync(EventFrame.Ephemeral(new ResyncEvent { ThreadId = ThreadId, At = Now, Reason = "ahead_of_log" }, endsStream: true));
            Registry.AddLease(this);
            return resync;
        }

        var (gate, session) = await LockSessionAsync(user, cancellationToken);
        ChatSubscription subscription;
        using (gate)
        {
            subscription = new ChatSubscription(
                ThreadId, Services.Ids.New("con_"), afterSeq, Services.Options.SubscriberBufferSize, Services.Options.SubscriberBufferBytes, Services.Store, DisconnectAsync);
            Hub.Add(subscription);
            session.Connections.Add(subscription);
            session.CancelIdleTimer();
            Registry.AddLease(this);
            Services.KeepAlive.Track(subscription);
            Services.Metrics.SubscriptionOpened();

            // Queued under the gate, so it is always before this connection's OnDisconnect.
            var context = new ConnectionContext(Thread.ToInfo(), user, subscription.ConnectionId, session.Values, session.Connections.Count, reason: null, Services.ShutdownToken);
            _ = session.Hooks.Enqueue(() => InvokeSessionHookAsync(session, nameof(ChatApp.OnConnectAsync), app => app.OnConnectAsync(context)));
            PublishEphemeral(new PresenceEvent { ThreadId = ThreadId, At = Now, Connections = session.Connections.Count });
        }

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

    /// <summary>Queues OnDisconnect and tells the others. The caller holds the gate.</summary>
    private void OnConnectionClosed(ThreadSession session, ChatSubscription subscription, DisconnectReason reason)
    {
        var user = new ChatUser { Id = Thread.OwnerId };
        var context = new ConnectionContext(Thread.ToInfo(), user, subscription.ConnectionId, session.Values, session.Connections.Count, reason, Services.ShutdownToken);
        _ = session.Hooks.Enqueue(() => InvokeSessionHookAsync(session, nameof(ChatApp.OnDisconnectAsync), app => app.OnDisconnectAsync(context)));
        PublishEphemeral(new PresenceEvent { ThreadId = ThreadId, At = Now, Connections = session.Connections.Count });
    }

    /// <summary>Runs a connection hook, then saves what it changed in the session values.</summary>
    private async Task InvokeSessionHookAsync(ThreadSession session, string hook, Func<ChatApp, Task> call)
    {
        await AppHookInvoker.InvokeAsync(Services, hook, ThreadId, call);
        if (session.Values.HasChanges)
        {
            using (await LockAsync(CancellationToken.None))
            {
                if (Session == session && !IsDeleted)
                {
                    await SaveSessionAsync(session);
                }
            }
        }
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
    /// session values. An idle timeout ends nothing when the session is no longer idle. When another
    /// end is already under way, waits for it to finish.
    /// </summary>
    public async Task EndSessionAsync(ChatEndReason reason)
    {
        ThreadSession session;
        RunState? active;
        Task? underWay = null;
        using (await LockAsync(CancellationToken.None))
        {
            if (Session is not { } live)
            {
                return;
            }

            if (live.Ending is { } ending)
            {
                underWay = ending.Task;
                session = live;
                active = null;
            }
            else if (reason == ChatEndReason.IdleTimeout && (live.Connections.Count > 0 || !Runs.IsIdle))
            {
                live.CancelIdleTimer();
                return;
            }
            else
            {
                session = live;
                session.Ending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                session.CancelIdleTimer();
                active = Runs.Active;
                await Runs.SettleQueueAsync(reason);
            }
        }

        if (underWay is not null)
        {
            // An idle timeout needs nothing more; every other caller must see the session gone.
            if (reason != ChatEndReason.IdleTimeout)
            {
                await underWay;
            }

            return;
        }

        try
        {
            await EndLiveSessionAsync(session, active, reason);
        }
        finally
        {
            using (await LockAsync(CancellationToken.None))
            {
                if (Session == session)
                {
                    Session = null;
                }
            }

            session.Ending!.TrySetResult();
            Registry.TryUnload(this);
        }
    }

    private async Task EndLiveSessionAsync(ThreadSession session, RunState? active, ChatEndReason reason)
    {
        DropAudioOf(session);
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
        await session.Hooks.Enqueue(() =>
        {
            EndingHookOf.Value = this;
            return AppHookInvoker.InvokeAsync(Services, nameof(ChatApp.OnChatEndAsync), ThreadId, app => app.OnChatEndAsync(context));
        });

        using (await LockAsync(CancellationToken.None))
        {
            if (!IsDeleted)
            {
                await SaveSessionAsync(session);
            }
        }

        RuntimeLog.SessionEnded(Services.Logger, ThreadId, reason);
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
