namespace Parley.Storage;

/// <summary>A durable event as stored: its thread, its sequence number and its JSON (UTF-8, as sent).</summary>
/// <param name="ThreadId">The thread.</param>
/// <param name="Seq">The sequence number.</param>
/// <param name="Json">The event serialized by <see cref="Serialization.ParleyJson.SerializeEvent"/>.</param>
public readonly record struct StoredEvent(string ThreadId, long Seq, ReadOnlyMemory<byte> Json);
