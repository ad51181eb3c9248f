using Parley.Runtime;
using Parley.Serialization;

namespace Parley.Testing;

/// <summary>Reads a subscription in the background, applying each event to a replica, like a client.</summary>
public sealed class EventCollector : IAsyncDisposable
{
    private readonly ChatSubscription _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ChatEvent> _events = [];
    private readonly Lock _sync = new();
    private readonly Task _reader;

    public EventCollector(ChatSubscription subscription, ThreadReplica? replica = null)
    {
        _subscription = subscription;
        Replica = replica ?? new ThreadReplica(lastSeq: subscription.LastSeq);
        _reader = Task.Run(ReadAsync);
    }

    public ThreadReplica Replica { get; }

    public bool Ended { get; private set; }

    public IReadOnlyList<ChatEvent> Events
    {
        get
        {
            lock (_sync)
            {
                return [.. _events];
            }
        }
    }

    public async Task<IReadOnlyList<ChatEvent>> WaitForAsync(Func<IReadOnlyList<ChatEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var events = Events;
            if (condition(events))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met. Events: " + string.Join(", ", events.Select(Describe)));
            }

            await Task.Delay(5);
        }
    }

    public Task<IReadOnlyList<ChatEvent>> WaitForRunFinishedAsync(int count = 1, TimeSpan? timeout = null) =>
        WaitForAsync(e => e.OfType<RunFinishedEvent>().Count() >= count, timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
        }

        await _subscription.DisposeAsync();
        _stop.Dispose();
    }

    public static string Describe(ChatEvent e) => e switch
    {
        ItemDeltaEvent d => $"{d.Seq}:delta({d.Offset})",
        ItemAddedEvent a => $"{a.Seq}:added({a.Item.GetType().Name}/{a.Item.Status})",
        ItemUpdatedEvent u => $"{u.Seq}:updated({u.Item.GetType().Name}/{u.Item.Status})",
        RunFinishedEvent f => $"{f.Seq}:finished({f.Status})",
        ThreadEvent t => $"{t.Seq}:{t.GetType().Name}",
        _ => e.GetType().Name,
    };

    private async Task ReadAsync()
    {
        while (await _subscription.WaitToReadAsync(_stop.Token))
        {
            while (_subscription.TryRead(out var frame))
            {
                if (frame.IsKeepAlive)
                {
                    continue;
                }

                var evt = ParleyJson.DeserializeEvent(frame.Json.Span);
                lock (_sync)
                {
                    _events.Add(evt);
                    Replica.Apply(evt);
                }
            }
        }

        Ended = true;
    }
}
