namespace Parley.Runtime;

/// <summary>
/// Runs a session's non-run hooks one after another in the order they were queued, so a connect is
/// seen before its disconnect and every disconnect before the chat end.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class HookSequence
{
    private readonly Lock _sync = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>Queues <paramref name="work"/>; the returned task completes when it has run.</summary>
    public Task Enqueue(Func<Task> work)
    {
        lock (_sync)
        {
            // The work never throws (hooks are invoked through AppHookInvoker), so the chain never breaks.
            _tail = _tail.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            return _tail;
        }
    }

    /// <summary>Completes when everything queued so far has run.</summary>
    public Task DrainAsync()
    {
        lock (_sync)
        {
            return _tail;
        }
    }
}
