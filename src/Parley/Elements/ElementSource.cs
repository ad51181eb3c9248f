namespace Parley;

/// <summary>
/// Where an element's bytes come from: a byte array, a stream, or a file the app names. Only app code
/// creates one — the server never turns a client's path or URL into a source.
/// </summary>
/// <remarks>A stream source is read once, when the element is sent; send its element once.</remarks>
public sealed class ElementSource
{
    private readonly byte[]? _bytes;
    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private readonly string? _path;

    private ElementSource(byte[]? bytes, Stream? stream, bool leaveOpen, string? path)
    {
        _bytes = bytes;
        _stream = stream;
        _leaveOpen = leaveOpen;
        _path = path;
    }

    /// <summary>The bytes in memory (not copied: do not change the array until the element is sent).</summary>
    /// <param name="bytes">The bytes.</param>
    public static ElementSource FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new ElementSource(bytes, null, false, null);
    }

    /// <summary>The bytes of a readable stream, read to its end when the element is sent.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="leaveOpen">False (the default) to dispose the stream once it was read.</param>
    public static ElementSource FromStream(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.CanRead ? new ElementSource(null, stream, leaveOpen, null) : throw new ArgumentException("The stream is not readable.", nameof(stream));
    }

    /// <summary>
    /// The bytes of a file the app names (relative paths are relative to the current directory), read
    /// when the element is sent. Never pass a path that came from a user.
    /// </summary>
    /// <param name="path">The file's path.</param>
    public static ElementSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new ElementSource(null, null, false, Path.GetFullPath(path));
    }

    /// <summary>The file name of a file source (a default for the element's name); null otherwise.</summary>
    public string? FileName => _path is null ? null : Path.GetFileName(_path);

    /// <summary>The length when it is known before reading (bytes and files).</summary>
    internal long? KnownLength => _bytes?.LongLength ?? (_path is null ? (_stream is { CanSeek: true } s ? s.Length - s.Position : null) : new FileInfo(_path).Length);

    /// <summary>Opens the bytes; the caller disposes the stream.</summary>
    internal Stream Open()
    {
        if (_bytes is not null)
        {
            return new MemoryStream(_bytes, writable: false);
        }

        if (_path is not null)
        {
            return new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }

        return _leaveOpen ? new NonClosingStream(_stream!) : _stream!;
    }

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
