using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Runtime;

/// <summary>
/// Executes one run: bootstrap (app from a fresh DI scope, options, history, <c>run.started</c>),
/// the handler, then the finish. Whatever happens — the handler returns, throws, is stopped, or the
/// bootstrap fails — the run ends through <see cref="RunFinalizer.FinishAsync"/> with exactly one
/// <c>run.finished</c>.
/// </summary>
internal static class RunExecutor
{
    public static async Task ExecuteAsync(ThreadHost host, RunState run)
    {
        var services = host.Services;
        using var activity = services.Metrics.StartRun(host.ThreadId, run.Id, run.Record.Trigger);
        var scope = services.Scopes.CreateAsyncScope();
        try
        {
            await ExecuteInScopeAsync(host, run, scope, activity);
        }
        finally
        {
            try
            {
                await scope.DisposeAsync();
            }
            catch (Exception ex)
            {
                // A scoped service that throws while disposed must not take the thread's run loop down.
                RuntimeLog.ScopeDisposeFailed(services.Logger, run.Id, host.ThreadId, ex);
            }
        }
    }

    private static async Task ExecuteInScopeAsync(ThreadHost host, RunState run, AsyncServiceScope scope, Activity? activity)
    {
        var services = host.Services;
        var output = new RunOutput(host, run);
        ChatApp app;
        try
        {
            app = scope.ServiceProvider.GetRequiredService<ChatApp>();
            output.RenameAuthor = app.RenameAuthorAsync;
            run.Record = run.Record with { AllowCancel = app.GetRunOptions(run.Info).AllowCancel };
            await LoadInputsAsync(host, run);
            await MarkStartedAsync(host, run);
        }
        catch (Exception ex)
        {
            RuntimeLog.RunStartFailed(services.Logger, run.Id, host.ThreadId, ex);
            activity?.SetStatus(ActivityStatusCode.Error, "run_start_failed");
            await RunFinalizer.FinishAsync(host, output, RunOutcome.Failed(ex, beforeStart: true), app: null, scope.ServiceProvider);
            return;
        }

        var chat = new ChatContext(output, scope.ServiceProvider, finishing: false);
        RunOutcome outcome;
        try
        {
            var returned = run.Cause is null && await AwaitHandlerAsync(host, run, Dispatch(app, chat, run));

            // The handler returned on its own: a stop that came after it decided nothing. One that
            // came during it counts only if the handler left something unfinished (it gave up).
            outcome = returned && run.Cause == RunEndCause.Stop && !await HasOpenItemsAsync(host, run) ? RunOutcome.Completed : RunOutcome.Of(run.Cause);
        }
        catch (Exception) when (run.Cause is not null)
        {
            // Whatever the handler threw after a stop (usually OperationCanceledException), the stop wins.
            outcome = RunOutcome.Of(run.Cause);
        }
        catch (Exception ex)
        {
            RuntimeLog.RunFailed(services.Logger, run.Id, host.ThreadId, ex);
            outcome = RunOutcome.Failed(ex, beforeStart: false);
        }
        finally
        {
            chat.Close();
            run.HandlerDone = true;
        }

        await RunFinalizer.FinishAsync(host, output, outcome, app, scope.ServiceProvider);
        activity?.SetTag("parley.run.status", outcome.Status.ToString());
        if (outcome.Status == RunStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Exception?.GetType().Name);
        }
    }

    private static async Task<bool> HasOpenItemsAsync(ThreadHost host, RunState run)
    {
        using (await host.LockAsync(CancellationToken.None))
        {
            return host.Log.OpenItems.Any(i => i.Item.RunId == run.Id);
        }
    }

    private static async Task LoadInputsAsync(ThreadHost host, RunState run)
    {
        var store = host.Services.Store;
        var history = await store.GetItemsAsync(host.ThreadId, host.Services.Options.HistoryLimit, CancellationToken.None);
        run.History = new ChatHistory(history);
        if (run.Record.InputItemId is { } inputId)
        {
            run.Input = await store.GetItemAsync(host.ThreadId, inputId, CancellationToken.None) as UserMessage
                ?? throw new InvalidOperationException($"The input message {inputId} of run {run.Id} is missing.");
        }
    }

    private static async Task MarkStartedAsync(ThreadHost host, RunState run)
    {
        using (await host.LockAsync(CancellationToken.None))
        {
            var now = host.Now;
            var record = run.Record with { Status = RunStatus.Running, StartedAt = now };
            var started = new RunStartedEvent
            {
                ThreadId = host.ThreadId,
                RunId = run.Id,
                At = now,
                Trigger = record.Trigger,
                AllowCancel = record.AllowCancel,
            };
            var durable = await host.AppendAsync(started, record, host.Thread with { UpdatedAt = now });
            await durable;
            run.Record = record;
            run.Started = true;
        }
    }

    private static Task Dispatch(ChatApp app, ChatContext chat, RunState run)
    {
        var trigger = run.Record.Trigger == RunTrigger.Retry ? run.Record.RetryTrigger ?? RunTrigger.Message : run.Record.Trigger;
        return trigger switch
        {
            RunTrigger.ChatStart => app.OnChatStartAsync(chat),
            RunTrigger.ChatResume => app.OnChatResumeAsync(chat),
            RunTrigger.Message => app.OnMessageAsync(chat, run.Input ?? throw new InvalidOperationException("A message run has no message.")),
            RunTrigger.Action => chat.DispatchActionAsync(app),
            RunTrigger.Audio => app.OnAudioEndAsync(chat, new AudioRecording(run.Record.Audio ?? throw new InvalidOperationException("An audio run has no recording."), chat.Services.GetRequiredService<Storage.IFileStore>())),
            RunTrigger.Settings => app.OnSettingsUpdateAsync(chat, new SettingsUpdate(chat.Settings, run.Record.SettingsChanged ?? [])),
            RunTrigger.Server => run.ServerHandler?.Invoke(chat) ?? throw new InvalidOperationException("A server run has no handler."),
            _ => throw new NotSupportedException($"Runs triggered by {trigger} are not supported yet."),
        };
    }

    /// <summary>
    /// Waits for the handler. After a stop it gets <see cref="Hosting.ParleyOptions.StopGracePeriod"/> to
    /// notice its cancellation; a handler that ignores it is abandoned so the run still finishes.
    /// </summary>
    /// <returns>True when the handler returned; false when it was abandoned.</returns>
    private static async Task<bool> AwaitHandlerAsync(ThreadHost host, RunState run, Task handler)
    {
        if (handler.IsCompleted)
        {
            await handler;
            return true;
        }

        var grace = host.Services.Options.StopGracePeriod;
        using var abandon = new CancellationTokenSource(Timeout.InfiniteTimeSpan, host.Services.Time);
        await using var registration = run.Token.Register(() => abandon.CancelAfter(grace));
        try
        {
            await handler.WaitAsync(abandon.Token);
            return true;
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested && !handler.IsCompleted)
        {
            RuntimeLog.RunAbandoned(host.Services.Logger, run.Id, host.ThreadId, grace);
            _ = handler.ContinueWith(
                static (t, state) =>
                {
                    var (logger, runId) = ((Microsoft.Extensions.Logging.ILogger, string))state!;
                    RuntimeLog.AbandonedHandlerFaulted(logger, runId, t.Exception!);
                },
                (host.Services.Logger, run.Id),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
            return false;
        }
    }
}
