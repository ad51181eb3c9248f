using System.Buffers.Text;
using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Parley.Bench.Load;

/// <summary>
/// One SSE subscriber: reads frames with the platform's <see cref="SseParser"/>, counts durable events
/// and deltas, and measures each delta's latency from the timestamp in its text.
/// </summary>
internal sealed class EventStream
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runsFinished;
    private long _events;
    private long _deltas;
    private long _lastSeq;
    private int _reconnects;

    public Task Connected => _connected.Task;

    public long Events => Interlocked.Read(ref _events);

    public long Deltas => Interlocked.Read(ref _deltas);

    public int RunsFinished => Volatile.Read(ref _runsFinished);

    /// <summary>How many times the server dropped this subscriber (it fell behind) and it reconnected.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    public long MeasureFromTimestamp { get; set; } = long.MaxValue;

    /// <summary>Reads the thread's events like a real client: reconnecting with Last-Event-ID when dropped.</summary>
    public async Task RunAsync(HttpClient http, string threadId, long after, LatencyHistogram? latency, CancellationToken cancellationToken)
    {
        _lastSeq = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            await ReadOnceAsync(http, threadId, latency, cancellationToken);
            Interlocked.Increment(ref _reconnects);
        }
    }

    private async Task ReadOnceAsync(HttpClient http, string threadId, LatencyHistogram? latency, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/threads/{threadId}/events");
        request.Headers.Add("Last-Event-ID", _lastSeq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        _connected.TrySetResult();
        var parser = SseParser.Create(stream, static (_, data) => Frame.Parse(data));
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            var frame = item.Data;
            if (item.EventId is null || !long.TryParse(item.EventId, out var seq) || seq <= _lastSeq)
            {
                continue;
            }

            _lastSeq = seq;
            Interlocked.Increment(ref _events);
            switch (frame.Kind)
            {
                case FrameKind.Delta:
                    Interlocked.Increment(ref _deltas);
                    if (latency is not null && frame.Timestamp >= MeasureFromTimestamp)
                    {
                        latency.Record(Stopwatch.GetElapsedTime(frame.Timestamp).TotalMilliseconds);
                    }

                    break;
                case FrameKind.RunFinished:
                    Interlocked.Increment(ref _runsFinished);
                    break;
            }
        }
    }

    internal enum FrameKind
    {
        Other,
        Delta,
        RunFinished,
    }

    internal readonly record struct Frame(FrameKind Kind, long Timestamp)
    {
        public static Frame Parse(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            var kind = FrameKind.Other;
            long timestamp = 0;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    kind = reader.ValueTextEquals("item.delta"u8) ? FrameKind.Delta
                        : reader.ValueTextEquals("run.finished"u8) ? FrameKind.RunFinished
                        : FrameKind.Other;
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    timestamp = Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out _) ? parsed : 0;
                }
            }

            return new Frame(kind, timestamp);
        }
    }
}
