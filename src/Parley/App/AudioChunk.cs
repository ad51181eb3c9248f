namespace Parley;

/// <summary>One chunk of recorded audio, as the UI sent it.</summary>
/// <param name="IsStart">True for the stream's first chunk (which carries the container's header).</param>
/// <param name="MimeType">The stream's media type.</param>
/// <param name="ElapsedTime">The time since recording began, as the UI measured it when it sent the chunk.</param>
/// <param name="Data">The bytes.</param>
public sealed record AudioChunk(bool IsStart, string MimeType, TimeSpan ElapsedTime, ReadOnlyMemory<byte> Data);
