using System.Net.ServerSentEvents;
using Parley.Serialization;

namespace Parley.Testing;

/// <summary>Reads an SSE response with the platform's <see cref="SseParser"/>, applying events to a replica.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ChatEvent> _events = [];
    private readonly List<string?> _ids = [];
    private readonly Lock _sync = new();
    private readonly Task _reader;

    public SseReader(HttpResponseMessage response, ThreadReplica replica)
    {
        _response = response;
        Replica = replica;
        _reader = Task.Run(ReadAsync);
    }

    public ThreadReplica Replica { get; }

    public HttpResponseMessage Response => _response;

    public bool Ended { get; private set; }

    /// <summary>The <c>id:</c> of the last frame that had one (what a browser sends as Last-Event-ID).</summary>
    public string? LastEventId { get; private set; }

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

    public IReadOnlyList<string?> EventIds
    {
        get
        {
            lock (_sync)
            {
                return [.. _ids];
            }
        }
    }

    public async Task<IReadOnlyList<ChatEvent>> WaitForAsync(Func<IReadOnlyList<ChatEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var events = Events;
            if (condition(events))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met after {events.Count} events (ended: {Ended}).");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Reads the replica under the lock events are applied with, so the read sees one consistent state.</summary>
    public T Inspect<T>(Func<ThreadReplica, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_sync)
        {
            return read(Replica);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the replica, evaluated under the lock (see <see cref="Inspect"/>).</summary>
    public async Task WaitForReplicaAsync(Func<ThreadReplica, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!Inspect(condition))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Replica condition not met (last seq {Inspect(r => r.LastSeq)}, ended: {Ended}).");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>Drops the connection abruptly, as a lost network does.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
            // Reading a disposed response fails; that is the point.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            var parser = SseParser.Create(stream, (type, data) => ParleyJson.DeserializeEvent(data));
            await foreach (var item in parser.EnumerateAsync(_stop.Token))
            {
                lock (_sync)
                {
                    _events.Add(item.Data);
                    _ids.Add(item.EventId);
                    if (item.EventId is { Length: > 0 } id)
                    {
                        LastEventId = id;
                    }

                    Replica.Apply(item.Data);
                }
            }
        }
        finally
        {
            Ended = true;
        }
    }
}
