namespace Parley.Runtime;

/// <summary>
/// Runs a session's non-run hooks one after another in the order they were queued, so a connect is
/// seen before its disconnect and every disconnect before the chat end.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class HookSequence
{
    // Which sequence the current async flow is a hook of: a session's end waits for its hooks, so a
    // hook must not wait for that end (it would hold both until the hook timeout).
    private static readonly AsyncLocal<HookSequence?> Current = new();

    private readonly Lock _sync = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>True when the calling async flow is (or was started by) a hook queued on this sequence.</summary>
    public bool RunsCurrentFlow => Current.Value == this;

    /// <summary>Queues <paramref name="work"/>; the returned task completes when it has run.</summary>
    public Task Enqueue(Func<Task> work)
    {
        lock (_sync)
        {
            // The work never throws (hooks are invoked through AppHookInvoker), so the chain never breaks.
            _tail = _tail.ContinueWith(
                _ =>
                {
                    Current.Value = this;
                    return work();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
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
