using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Parley.Faults;

/// <summary>
/// An event-stream subscription over a bare <see cref="Socket"/>: the GET is written by hand and the
/// chunked SSE response parsed by hand, so a test decides exactly when the client stops reading,
/// half-closes, or resets the connection (which <c>HttpClient</c> hides).
/// </summary>
internal sealed class RawEventStream : IDisposable
{
    private readonly Socket _socket;
    private byte[] _raw = new byte[16 * 1024];
    private int _rawStart;
    private int _rawEnd;
    private readonly List<byte> _body = [];
    private bool _headersRead;
    private bool _ended;

    private RawEventStream(Socket socket) => _socket = socket;

    /// <summary>Bytes of the response read so far (headers and chunk framing included).</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Opens <c>GET /api/threads/{thread}/events</c> with <c>Last-Event-ID</c>. The socket's receive
    /// buffer is <c>receiveBuffer</c> bytes when given: a tiny one makes a stalled reader push back at once.
    /// </summary>
    public static async Task<RawEventStream> OpenAsync(Uri baseAddress, string cookieHeader, string threadId, long lastEventId, int? receiveBuffer, CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        try
        {
            await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellation);
            var request = string.Create(
                CultureInfo.InvariantCulture,
                $"GET /api/threads/{threadId}/events HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAccept: text/event-stream\r\nCookie: {cookieHeader}\r\nLast-Event-ID: {lastEventId}\r\n\r\n");
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, cancellation);
            return new RawEventStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next SSE frame (comments skipped), or null once the server ended the response or closed the
    /// connection. Reads at most <paramref name="readSize"/> bytes at a time, waiting
    /// <paramref name="readPause"/> before each read (a slow reader).
    /// </summary>
    public async Task<SseFrame?> ReadFrameAsync(CancellationToken cancellation, int readSize = 16 * 1024, TimeSpan readPause = default)
    {
        while (true)
        {
            if (TryTakeFrame(out var frame))
            {
                if (frame is null)
                {
                    continue;
                }

                return frame;
            }

            if (_ended)
            {
                return null;
            }

            if (readPause > TimeSpan.Zero)
            {
                await Task.Delay(readPause, cancellation);
            }

            if (_raw.Length - _rawEnd < readSize)
            {
                Compact(readSize);
            }

            int read;
            try
            {
                read = await _socket.ReceiveAsync(_raw.AsMemory(_rawEnd, readSize), SocketFlags.None, cancellation);
            }
            catch (SocketException)
            {
                read = 0;
            }

            if (read == 0)
            {
                _ended = true;
                continue;
            }

            BytesRead += read;
            _rawEnd += read;
            Decode();
        }
    }

    /// <summary>Stops sending (a FIN) but keeps the socket open and unread: a half-open connection.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Resets the connection (RST), as a lost network or a killed tab does.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Dispose();
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Takes one complete frame out of the decoded body; sets <paramref name="frame"/> null for a comment-only block.</summary>
    private bool TryTakeFrame(out SseFrame? frame)
    {
        frame = null;
        var end = IndexOf(_body, (byte)'\n', (byte)'\n', 0);
        if (end < 0)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString([.. _body.GetRange(0, end)]);
        _body.RemoveRange(0, end + 2);
        string? id = null;
        var data = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line.AsSpan(6));
            }
        }

        if (data.Length > 0)
        {
            frame = new SseFrame(id is null ? null : long.Parse(id, CultureInfo.InvariantCulture), data.ToString());
        }

        return true;
    }

    /// <summary>Moves the response headers and the chunked framing out of the raw bytes into the body.</summary>
    private void Decode()
    {
        if (!_headersRead)
        {
            var end = IndexOf(_raw.AsSpan(_rawStart, _rawEnd - _rawStart), "\r\n\r\n"u8);
            if (end < 0)
            {
                return;
            }

            var headers = Encoding.ASCII.GetString(_raw, _rawStart, end);
            if (!headers.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || !headers.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("unexpected event-stream response: " + headers);
            }

            _rawStart += end + 4;
            _headersRead = true;
        }

        while (true)
        {
            var pending = _raw.AsSpan(_rawStart, _rawEnd - _rawStart);
            var line = IndexOf(pending, "\r\n"u8);
            if (line < 0)
            {
                return;
            }

            var size = int.Parse(Encoding.ASCII.GetString(pending[..line]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                _ended = true;
                _rawStart = _rawEnd;
                return;
            }

            if (pending.Length < line + 2 + size + 2)
            {
                return;
            }

            _body.AddRange(pending.Slice(line + 2, size));
            _rawStart += line + 2 + size + 2;
        }
    }

    private void Compact(int room)
    {
        var pending = _rawEnd - _rawStart;
        var target = _raw.Length - pending >= room ? _raw : new byte[Math.Max(_raw.Length * 2, pending + room)];
        Array.Copy(_raw, _rawStart, target, 0, pending);
        _raw = target;
        _rawStart = 0;
        _rawEnd = pending;
    }

    private static int IndexOf(ReadOnlySpan<byte> span, ReadOnlySpan<byte> value) => span.IndexOf(value);

    private static int IndexOf(List<byte> bytes, byte first, byte second, int from)
    {
        for (var i = from; i + 1 < bytes.Count; i++)
        {
            if (bytes[i] == first && bytes[i + 1] == second)
            {
                return i;
            }
        }

        return -1;
    }
}
