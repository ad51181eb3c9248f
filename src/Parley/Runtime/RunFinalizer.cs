using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// Finishes runs so the protocol's invariant always holds: when <c>run.finished</c> is written, none of
/// the run's items is in progress and none of its asks is pending. Used at the end of every run, for
/// queued runs dropped with their session, and for runs a crashed process left unfinished.
/// </summary>
internal static class RunFinalizer
{
    private static readonly ChatError StartFailed = new(ChatErrorCodes.RunStartFailed, "The reply could not be started. Please try again.", AllowRetry: true);
    private static readonly ChatError StoreFailed = new(ChatErrorCodes.StoreUnavailable, "Your conversation could not be saved just now. Please try again in a moment.", AllowRetry: true);
    private static readonly ChatError ShutdownError = new(ChatErrorCodes.Interrupted, "The server restarted while this reply was being written. You can retry.", AllowRetry: true);
    private static readonly ChatError CrashError = new(ChatErrorCodes.Interrupted, "The server stopped unexpectedly while this reply was being written. You can retry.", AllowRetry: true);

    /// <summary>Runs the stop and error hooks the outcome calls for, then closes the run. Never throws.</summary>
    public static async Task FinishAsync(ThreadHost host, RunOutput output, RunOutcome outcome, ChatApp? app, IServiceProvider services)
    {
        var run = output.Run;
        var error = outcome.Status switch
        {
            RunStatus.Interrupted => ShutdownError,
            RunStatus.Failed when outcome.BeforeStart || app is null => outcome.Exception is ChatStoreException ? StoreFailed : StartFailed,
            RunStatus.Failed => await MapErrorAsync(host, output, app, services, outcome.Exception!),
            _ => null,
        };

        if (outcome == RunOutcome.Stopped && app is not null)
        {
            await RunStopHooksAsync(host, output, app, services);
        }

        if (error is not null && run.Record.Trigger == RunTrigger.Server)
        {
            // A server run's handler is a delegate that is gone once it ran; it cannot be retried.
            error = error with { AllowRetry = false };
        }

        await CloseAsync(host, run, outcome, error);
    }

    /// <summary>Finishes a queued run that never started, as cancelled. The caller holds the gate.</summary>
    public static async ValueTask CancelQueuedAsync(ThreadHost host, RunState run)
    {
        var now = host.Now;
        var record = run.Record with { Status = RunStatus.Cancelled, FinishedAt = now };
        try
        {
            var durable = await host.AppendAsync(
                new RunFinishedEvent { ThreadId = host.ThreadId, RunId = run.Id, At = now, Status = RunStatus.Cancelled },
                record);
            await durable;
        }
        catch (Exception ex)
        {
            // Left queued in the store; the next session runs it. Nothing is lost.
            RuntimeLog.FinishRetrying(host.Services.Logger, run.Id, host.ThreadId, ex);
        }

        run.Finished = true;
        run.Completion.TrySetResult(new RunResult(run.Id, RunStatus.Cancelled));
    }

    /// <summary>
    /// Finishes what a dead process left: open items become interrupted (asks expired), each running
    /// run gets a visible error and <c>run.finished</c> interrupted. The caller holds the gate.
    /// </summary>
    public static async Task RecoverAsync(ThreadHost host, IReadOnlyList<RunRecord> runningRuns, CancellationToken cancellationToken)
    {
        var now = host.Now;
        var durable = new List<Task>();
        foreach (var open in host.Log.OpenItems.ToList())
        {
            durable.Add(await CloseItemAsync(host, open.Current(), RunOutcome.Interrupted, now, cancellationToken));
        }

        foreach (var record in runningRuns)
        {
            durable.Add(await AddErrorAsync(host, record.Id, CrashError, now, cancellationToken));
            durable.Add(await host.AppendAsync(
                new RunFinishedEvent { ThreadId = host.ThreadId, RunId = record.Id, At = now, Status = RunStatus.Interrupted, Error = CrashError },
                record with { Status = RunStatus.Interrupted, Error = CrashError, FinishedAt = now },
                cancellationToken: cancellationToken));
        }

        await Task.WhenAll(durable);
    }

    private static async Task<ChatError> MapErrorAsync(ThreadHost host, RunOutput output, ChatApp app, IServiceProvider services, Exception exception)
    {
        var chat = new ChatContext(output, services, finishing: true);
        try
        {
            return await app.OnErrorAsync(new RunErrorContext(chat, exception)).AsTask().WaitAsync(host.Services.Options.HookTimeout, host.Services.Time);
        }
        catch (Exception ex)
        {
            RuntimeLog.OnErrorFailed(host.Services.Logger, output.Run.Id, ex);
            return exception is ChatStoreException ? StoreFailed : new ChatError(ChatErrorCodes.HandlerError, "Something went wrong while writing the reply.", AllowRetry: true);
        }
        finally
        {
            chat.Close();
        }
    }

    private static async Task RunStopHooksAsync(ThreadHost host, RunOutput output, ChatApp app, IServiceProvider services)
    {
        var chat = new ChatContext(output, services, finishing: true);
        try
        {
            IReadOnlyList<ChatItem> pending;
            using (await host.LockAsync(CancellationToken.None))
            {
                pending = host.Log.OpenItems.Where(i => i.Item.RunId == output.Run.Id).Select(i => i.Current()).ToList();
            }

            await app.OnStreamCancelledAsync(new StreamCancelledContext(chat, output, pending)).WaitAsync(host.Services.Options.HookTimeout, host.Services.Time);
        }
        catch (Exception ex)
        {
            RuntimeLog.OnStreamCancelledFailed(host.Services.Logger, output.Run.Id, ex);
        }

        try
        {
            await AppHookInvoker.BoundedAsync(host.Services, nameof(ChatApp.OnStopAsync), host.ThreadId, app.OnStopAsync(chat));
        }
        catch (Exception ex)
        {
            RuntimeLog.HookFailed(host.Services.Logger, nameof(ChatApp.OnStopAsync), host.ThreadId, ex);
        }
        finally
        {
            chat.Close();
        }
    }

    /// <summary>
    /// Closes the run's open items, adds the error item, writes <c>run.finished</c> with the session
    /// values. If the store fails, resyncs and tries again until it works or the host gives up.
    /// </summary>
    private static async Task CloseAsync(ThreadHost host, RunState run, RunOutcome outcome, ChatError? error)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        var closedAsks = new List<AskItem>();
        while (true)
        {
            try
            {
                using (await host.LockAsync(CancellationToken.None))
                {
                    if (host.Log.IsFaulted)
                    {
                        await host.Log.ResyncAsync(host.Services.Store, host.Services.AbortToken);
                    }

                    await CloseOnceAsync(host, run, outcome, error, closedAsks);
                }

                break;
            }
            catch (Exception ex) when (!host.Services.AbortToken.IsCancellationRequested && !host.IsDeleted)
            {
                RuntimeLog.FinishRetrying(host.Services.Logger, run.Id, host.ThreadId, ex);
                try
                {
                    // Real time on purpose: this waits for the store, not for anything the app's clock governs.
                    await Task.Delay(backoff, host.Services.AbortToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 2000));
            }
            catch (Exception)
            {
                // Giving up at a hard stop: the next start-up recovers the run as interrupted.
                break;
            }
        }

        foreach (var ask in closedAsks)
        {
            host.Asks.Complete(ask);
        }

        var status = run.Finished ? outcome.Status : RunStatus.Interrupted;
        host.Services.Metrics.RecordRunFinished(status);
        run.Completion.TrySetResult(new RunResult(run.Id, status, error));
    }

    private static async Task CloseOnceAsync(ThreadHost host, RunState run, RunOutcome outcome, ChatError? error, List<AskItem> closedAsks)
    {
        var now = host.Now;
        var none = CancellationToken.None;
        Task? started = null;
        if (!run.Started)
        {
            run.Record = run.Record with { Status = RunStatus.Running, StartedAt = now };
            started = await host.AppendAsync(
                new RunStartedEvent { ThreadId = host.ThreadId, RunId = run.Id, At = now, Trigger = run.Record.Trigger, AllowCancel = run.Record.AllowCancel },
                run.Record);
        }

        var closing = new List<Task>();
        foreach (var open in host.Log.OpenItems.Where(i => i.Item.RunId == run.Id).ToList())
        {
            var current = open.Current();
            closing.Add(await CloseItemAsync(host, current, outcome, now, none));
            if (current is AskItem ask)
            {
                closedAsks.Add((AskItem)Closed(ask, outcome, now));
            }
        }

        Task? errorWritten = null;
        if (error is not null && !run.ErrorWritten)
        {
            errorWritten = await AddErrorAsync(host, run.Id, error, now, none);
        }

        var thread = host.Session is { } session && session.Values.TakeChanges() is { } values
            ? host.Thread with { Session = values }
            : null;
        var record = run.Record with { Status = outcome.Status, Error = error, FinishedAt = now };
        var finished = await host.AppendAsync(
            new RunFinishedEvent { ThreadId = host.ThreadId, RunId = run.Id, At = now, Status = outcome.Status, Error = error },
            record,
            thread);

        try
        {
            if (started is not null)
            {
                await started;
                run.Started = true;
            }

            await Task.WhenAll(closing);
            if (errorWritten is not null)
            {
                await errorWritten;
                run.ErrorWritten = true;
            }

            await finished;
            run.Record = record;
            run.Finished = true;
        }
        catch
        {
            if (thread is not null)
            {
                host.Session?.Values.MarkDirty();
            }

            throw;
        }
    }

    private static async ValueTask<Task> CloseItemAsync(ThreadHost host, ChatItem item, RunOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await host.AppendAsync(
            new ItemUpdatedEvent { ThreadId = host.ThreadId, RunId = item.RunId, At = now, Item = Closed(item, outcome, now) },
            cancellationToken: cancellationToken);
    }

    /// <summary>The item closed as the outcome says; an expired ask says why.</summary>
    private static ChatItem Closed(ChatItem item, RunOutcome outcome, DateTimeOffset now)
    {
        var status = item.Status == ItemStatus.Pending ? outcome.PendingAsksBecome : outcome.OpenItemsBecome;
        var closed = item.Close(status, now);
        return closed is AskItem { Status: ItemStatus.Expired } ask ? ask with { ExpiredReason = outcome.ExpiredReason ?? AskExpiredReason.SessionEnded } : closed;
    }

    private static ValueTask<Task> AddErrorAsync(ThreadHost host, string runId, ChatError error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var item = new ErrorItem
        {
            Id = host.Services.Ids.NewItemId(),
            Status = ItemStatus.Completed,
            CreatedAt = now,
            RunId = runId,
            Code = error.Code,
            Message = error.Message,
            AllowRetry = error.AllowRetry,
        };
        return host.AppendAsync(new ItemAddedEvent { ThreadId = host.ThreadId, RunId = runId, At = now, Item = item }, cancellationToken: cancellationToken);
    }
}
