using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// One client's subscription to a thread (a connection). It was registered for live events before
/// anything was read from the store; reading yields the stored events after the requested seq, then
/// the live ones, dropping any live event at or below the last replayed seq — no gap, no duplicate.
/// </summary>
/// <remarks>
/// A single reader (the transport) calls <see cref="WaitToReadAsync"/> and <see cref="TryRead"/>;
/// publishing happens from any thread. Disposing the subscription closes the connection: the
/// session sees <see cref="ChatApp.OnDisconnectAsync"/>; nothing running is cancelled.
/// </remarks>
public sealed class ChatSubscription : IAsyncDisposable
{
    private const int ReplayPageSize = 1000;

    private readonly Channel<EventFrame> _live;
    private readonly long _maxBufferedBytes;
    private readonly IChatStore _store;
    private readonly Func<ChatSubscription, ValueTask> _onDispose;
    private readonly Queue<EventFrame> _replay = new();
    private bool _replayDone;
    private bool _ended;
    private long _lastSeq;
    private int _disposed;
    private long _published;

    // The bytes of the live frames published and not yet read. Frames are shared by every subscriber,
    // but a stalled one keeps them alive: the count bound alone would let it hold thousands of large
    // item updates.
    private long _bufferedBytes;

    internal ChatSubscription(
        string threadId, string connectionId, long afterSeq, int bufferSize, long bufferBytes, IChatStore store, Func<ChatSubscription, ValueTask> onDispose)
    {
        _maxBufferedBytes = bufferBytes;
        ThreadId = threadId;
        ConnectionId = connectionId;
        _lastSeq = afterSeq;
        _store = store;
        _onDispose = onDispose;
        _live = Channel.CreateBounded<EventFrame>(new BoundedChannelOptions(bufferSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The thread.</summary>
    public string ThreadId { get; }

    /// <summary>An id for this connection, for logs and hooks.</summary>
    public string ConnectionId { get; }

    /// <summary>The seq of the last durable event handed to the reader.</summary>
    public long LastSeq => _lastSeq;

    /// <summary>Why the server closed the subscription; null while open or when the client closed it.</summary>
    public DisconnectReason? CloseReason { get; private set; }

    internal long PublishedCount => Interlocked.Read(ref _published);

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Waits until a frame can be read; false when the subscription has ended.</summary>
    /// <param name="cancellationToken">Cancels the wait (the connection closed).</param>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        if (_replay.Count > 0)
        {
            return true;
        }

        while (!_replayDone)
        {
            var page = await _store.ReadEventsAsync(ThreadId, _lastSeq, ReplayPageSize, cancellationToken);
            foreach (var stored in page)
            {
                _replay.Enqueue(EventFrame.Durable(stored.Seq, stored.Json));
            }

            _replayDone = page.Count < ReplayPageSize;
            if (_replay.Count > 0)
            {
                return true;
            }
        }

        return await _live.Reader.WaitToReadAsync(cancellationToken);
    }

    /// <summary>Takes the next frame, if one is ready.</summary>
    /// <param name="frame">The frame.</param>
    public bool TryRead([NotNullWhen(true)] out EventFrame? frame)
    {
        if (_replay.TryDequeue(out frame))
        {
            _lastSeq = frame.Seq;
            return true;
        }

        if (!_replayDone || _ended)
        {
            frame = null;
            return false;
        }

        while (_live.Reader.TryRead(out frame))
        {
            Interlocked.Add(ref _bufferedBytes, -frame.Json.Length);
            if (frame.IsDurable)
            {
                if (frame.Seq <= _lastSeq)
                {
                    continue;
                }

                _lastSeq = frame.Seq;
            }

            _ended |= frame.EndsStream;
            return true;
        }

        frame = null;
        return false;
    }

    /// <summary>Closes the connection for a reason the server knows (a shutdown); the session sees it in <c>OnDisconnect</c>. Idempotent.</summary>
    /// <param name="reason">Why the connection closed.</param>
    public ValueTask CloseAsync(DisconnectReason reason)
    {
        CloseReason ??= reason;
        return DisposeAsync();
    }

    /// <summary>Closes the connection; the session sees <c>OnDisconnect</c>. Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _live.Writer.TryComplete();
        return _onDispose(this);
    }

    internal bool TryPublish(EventFrame frame)
    {
        // The budget bounds what waits before this frame: a reader that keeps up still gets a burst
        // of large frames (and one frame larger than the budget); one that fell behind by the budget
        // gets no more.
        var size = frame.Json.Length;
        var buffered = Interlocked.Add(ref _bufferedBytes, size);
        if (buffered - size <= _maxBufferedBytes && _live.Writer.TryWrite(frame))
        {
            Interlocked.Increment(ref _published);
            return true;
        }

        Interlocked.Add(ref _bufferedBytes, -size);

        // A completed channel also refuses; only a full one means the reader fell behind.
        return CloseReason is not null || IsDisposed;
    }

    /// <summary>Sends a keep-alive unless frames are waiting anyway; never drops the subscriber.</summary>
    internal void TryKeepAlive()
    {
        if (_live.Reader.Count == 0 && _live.Writer.TryWrite(EventFrame.KeepAlive))
        {
            Interlocked.Increment(ref _published);
        }
    }

    /// <summary>Starts with a <c>resync</c> and nothing else: the requested point cannot be replayed.</summary>
    internal void StartWithResync(EventFrame resync)
    {
        _replayDone = true;
        _live.Writer.TryWrite(resync);
        CloseReason = DisconnectReason.Resync;
        _live.Writer.TryComplete();
    }

    /// <summary>The server closes the subscription; the reader drains what is buffered, then ends.</summary>
    internal void Close(DisconnectReason reason)
    {
        CloseReason ??= reason;
        _live.Writer.TryComplete();
    }
}
