using System.Collections.Concurrent;

namespace Parley.Runtime;

/// <summary>
/// One timer for all subscriptions: every half <see cref="Hosting.ParleyOptions.KeepAliveInterval"/> it
/// sends a keep-alive frame to each subscription that received nothing since the previous tick, so no
/// connection stays silent longer than the interval. One timer instead of one per connection keeps
/// idle subscriptions cheap.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class KeepAliveTicker(TimeSpan interval, TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<ChatSubscription, long> _subscriptions = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    public void Start() => _loop ??= Task.Run(LoopAsync);

    public void Track(ChatSubscription subscription) => _subscriptions[subscription] = -1;

    public void Untrack(ChatSubscription subscription) => _subscriptions.TryRemove(subscription, out _);

    /// <summary>How many subscriptions are tracked (for metrics and leak tests).</summary>
    public int TrackedCount => _subscriptions.Count;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(interval / 2, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    internal void Tick()
    {
        foreach (var (subscription, seen) in _subscriptions)
        {
            var published = subscription.PublishedCount;
            if (published == seen)
            {
                subscription.TryKeepAlive();
            }

            // TryUpdate, not the indexer: a subscription untracked meanwhile must stay untracked.
            _subscriptions.TryUpdate(subscription, subscription.PublishedCount, seen);
        }
    }
}
