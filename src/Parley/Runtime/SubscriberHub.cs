namespace Parley.Runtime;

/// <summary>
/// A thread's live subscribers. Publishing never blocks: a subscriber whose buffer is full is dropped
/// (it reconnects with <c>Last-Event-ID</c> and loses nothing), so one slow reader never slows the
/// thread or the other readers.
/// </summary>
/// <remarks>Thread-safe; publishing reads a copy-on-write array without locking.</remarks>
internal sealed class SubscriberHub
{
    private readonly Lock _sync = new();
    private ChatSubscription[] _subscribers = [];

    public int Count => Volatile.Read(ref _subscribers).Length;

    public IReadOnlyList<ChatSubscription> Snapshot() => Volatile.Read(ref _subscribers);

    public void Add(ChatSubscription subscription)
    {
        lock (_sync)
        {
            _subscribers = [.. _subscribers, subscription];
        }
    }

    public bool Remove(ChatSubscription subscription)
    {
        lock (_sync)
        {
            var index = Array.IndexOf(_subscribers, subscription);
            if (index < 0)
            {
                return false;
            }

            var copy = new ChatSubscription[_subscribers.Length - 1];
            Array.Copy(_subscribers, 0, copy, 0, index);
            Array.Copy(_subscribers, index + 1, copy, index, copy.Length - index);
            _subscribers = copy;
            return true;
        }
    }

    public void Publish(EventFrame frame)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (!subscriber.TryPublish(frame) && Remove(subscriber))
            {
                subscriber.Close(DisconnectReason.Overflow);
            }
        }
    }
}
