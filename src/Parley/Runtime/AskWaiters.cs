using System.Collections.Concurrent;

namespace Parley.Runtime;

/// <summary>
/// The runs awaiting their asks' answers in one thread, by ask item id. An answer command completes
/// the waiter whatever connection it arrived on.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class AskWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<AskItem>> _waiters = new(StringComparer.Ordinal);

    public Task<AskItem> Register(string askId)
    {
        var waiter = new TaskCompletionSource<AskItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[askId] = waiter;
        return waiter.Task;
    }

    /// <summary>Hands the ask's final state to its waiter, if any.</summary>
    public void Complete(AskItem ask)
    {
        if (_waiters.TryRemove(ask.Id, out var waiter))
        {
            waiter.TrySetResult(ask);
        }
    }

    public void Forget(string askId) => _waiters.TryRemove(askId, out _);
}
