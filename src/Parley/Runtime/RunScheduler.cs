namespace Parley.Runtime;

/// <summary>
/// A thread's runs: at most one active, the others queued in arrival order, executed by one loop that
/// lives only while there is work.
/// </summary>
/// <remarks>Guarded by the host's gate; the loop takes the gate only to move from run to run.</remarks>
internal sealed class RunScheduler(ThreadHost host)
{
    private readonly LinkedList<RunState> _queue = new();
    private Task? _loop;
    private TaskCompletionSource? _idle;

    /// <summary>The run whose handler executes now, if any.</summary>
    public RunState? Active { get; private set; }

    public IReadOnlyCollection<RunState> Queued => _queue;

    public bool IsIdle => Active is null && _queue.Count == 0 && _loop is null;

    /// <summary>The most recently finished run's id and status, for an idempotent stop after the fact.</summary>
    public (string RunId, RunStatus Status)? LastFinished { get; set; }

    public bool IsBusy => Active is not null || _queue.Count > 0;

    /// <summary>Queues a run and makes sure the loop runs. The caller holds the gate.</summary>
    public void Enqueue(RunState run)
    {
        _queue.AddLast(run);
        host.Session?.CancelIdleTimer();
        lock (_queue)
        {
            if (_loop is null)
            {
                // The loop outlives whoever queued its first run, so it must not carry that caller's
                // ambient state (a hook's session marker, a request's activity) into every later run.
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(LoopAsync);
                }
            }
        }
    }

    public RunState? Find(string runId) =>
        Active?.Id == runId ? Active : _queue.FirstOrDefault(r => r.Id == runId);

    /// <summary>
    /// Empties the queue as a session ends. At shutdown stored runs stay queued for the next session;
    /// otherwise each is finished as cancelled, without having started. The caller holds the gate.
    /// </summary>
    public async ValueTask SettleQueueAsync(ChatEndReason reason)
    {
        var drained = _queue.ToList();
        _queue.Clear();
        foreach (var run in drained)
        {
            if (reason == ChatEndReason.ServerShutdown || !run.Persisted)
            {
                run.Completion.TrySetResult(new RunResult(run.Id, RunStatus.Interrupted));
            }
            else
            {
                await RunFinalizer.CancelQueuedAsync(host, run);
            }
        }
    }

    /// <summary>Completes when the loop has exited.</summary>
    public Task WhenIdleAsync()
    {
        lock (_queue)
        {
            if (_loop is null)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            RunState run;
            using (await host.LockAsync(CancellationToken.None))
            {
                if (_queue.First is not { } first || host.Session?.Ending is not null)
                {
                    lock (_queue)
                    {
                        _loop = null;
                        _idle?.TrySetResult();
                        _idle = null;
                    }

                    host.CheckIdle();
                    return;
                }

                _queue.RemoveFirst();
                run = Active = first.Value;
            }

            try
            {
                await RunExecutor.ExecuteAsync(host, run);
            }
            catch (Exception ex)
            {
                // ExecuteAsync finishes every run itself; this only guards the loop, which must outlive
                // any failure, or accepted messages would never run and the session never idle.
                RuntimeLog.RunLoopFault(host.Services.Logger, run.Id, host.ThreadId, ex);
                run.Completion.TrySetResult(new RunResult(run.Id, RunStatus.Failed));
            }

            using (await host.LockAsync(CancellationToken.None))
            {
                Active = null;
                LastFinished = (run.Id, run.Completion.Task.IsCompletedSuccessfully ? run.Completion.Task.Result.Status : RunStatus.Failed);
            }
        }
    }
}
