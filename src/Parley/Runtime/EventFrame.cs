namespace Parley.Runtime;

/// <summary>
/// One event as delivered to a subscriber: its JSON, serialized once and shared by every subscriber,
/// and its <see cref="Seq"/> (0 for ephemeral events). A transport writes <see cref="Json"/> as is.
/// </summary>
/// <remarks>Immutable; safe to share across threads.</remarks>
public sealed class EventFrame
{
    private EventFrame(long seq, ReadOnlyMemory<byte> json, bool isKeepAlive, bool endsStream)
    {
        Seq = seq;
        Json = json;
        IsKeepAlive = isKeepAlive;
        EndsStream = endsStream;
    }

    /// <summary>A frame that carries nothing: the transport sends its keep-alive (an SSE comment).</summary>
    public static EventFrame KeepAlive { get; } = new(0, ReadOnlyMemory<byte>.Empty, isKeepAlive: true, endsStream: false);

    /// <summary>The event's seq; 0 for an ephemeral event or a keep-alive.</summary>
    public long Seq { get; }

    /// <summary>The event as UTF-8 JSON, exactly as it goes on the wire.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>True for the keep-alive frame.</summary>
    public bool IsKeepAlive { get; }

    /// <summary>True when the subscription ends after this frame (a <c>resync</c>).</summary>
    public bool EndsStream { get; }

    /// <summary>True for durable events (those with a seq).</summary>
    public bool IsDurable => Seq > 0;

    internal static EventFrame Durable(long seq, ReadOnlyMemory<byte> json) => new(seq, json, isKeepAlive: false, endsStream: false);

    internal static EventFrame Ephemeral(ChatEvent evt, bool endsStream = false) =>
        new(0, Serialization.ParleyJson.SerializeEvent(evt), isKeepAlive: false, endsStream);
}
