namespace Parley.Runtime;

/// <summary>
/// An upload's bytes as the file store reads them: the leading bytes already read to decide the type,
/// then the rest of the client's stream, refused with <see cref="ChatErrorCodes.PayloadTooLarge"/> as
/// soon as more than the limit has arrived (so an oversize file is never held whole).
/// </summary>
internal sealed class LimitedUploadStream(ReadOnlyMemory<byte> header, Stream inner, long maxBytes) : Stream
{
    private int _headerRead;
    private long _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _total; set => throw new NotSupportedException(); }

    public static ChatCommandException TooLarge(long maxBytes) =>
        new(ChatErrorCodes.PayloadTooLarge, $"The file is larger than the limit of {Describe(maxBytes)}.") { Field = "file" };

    // The bytes come from the network: a synchronous read would block a pool thread on it.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read this stream asynchronously (ReadAsync, CopyToAsync).");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        if (_headerRead < header.Length)
        {
            read = Math.Min(buffer.Length, header.Length - _headerRead);
            header.Slice(_headerRead, read).CopyTo(buffer);
            _headerRead += read;
        }
        else
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }

        _total += read;
        return _total > maxBytes ? throw TooLarge(maxBytes) : read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static string Describe(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KB"
        : $"{bytes} bytes";
}
