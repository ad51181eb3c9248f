using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.AspNetCore.Http;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>
/// <c>GET /api/threads/{id}/events?after=N</c>: the thread's events as server-sent events. Replays
/// what the client missed (after <c>Last-Event-ID</c>, which wins over <c>after</c>), then streams
/// live. Frames are written as soon as they are available and flushed whenever no further frame is
/// immediately ready, so none waits; a comment keeps idle connections alive.
/// </summary>
/// <remarks>
/// Frames are written by hand rather than with <c>SseFormatter</c>: the protocol needs comment lines
/// (keep-alives) interleaved with events, and batching the flush of frames that are ready together
/// is what makes 100,000 events/s possible. The JSON of each event is serialized once and shared.
/// </remarks>
internal static class EventStreamEndpoint
{
    private static readonly byte[] Connected = ": connected\n\n"u8.ToArray();
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public static void Map(RouteGroupBuilder api) => api.MapGet("/threads/{threadId}/events", StreamAsync);

    private static async Task<IResult> StreamAsync(HttpContext context, ChatRuntime runtime, IHostApplicationLifetime lifetime, ILoggerFactory loggers, string threadId)
    {
        var after = ParseAfter(context.Request);
        var subscription = await runtime.SubscribeAsync(ParleyEndpointFilter.UserOf(context), threadId, after, context.RequestAborted);
        await using (subscription)
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            // Not ApplicationStopping: it fires before the sessions end, and the stream would close
            // before it carried the run.finished (interrupted) and error item of a shutdown. The
            // runtime closes the subscription when its session ends; SessionsEnded ends the rest.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, runtime.SessionsEnded);
            var writer = response.BodyWriter;
            try
            {
                writer.Write(Connected);
                await writer.FlushAsync(stop.Token);
                while (await subscription.WaitToReadAsync(stop.Token))
                {
                    while (subscription.TryRead(out var frame))
                    {
                        Write(writer, frame);
                    }

                    var flushed = await writer.FlushAsync(stop.Token);
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The client went away or the server is stopping; the subscription closes below.
            }
            catch (Exception ex) when (response.HasStarted && !stop.IsCancellationRequested)
            {
                // Mid-stream (a store read failed during replay): end the stream; the client
                // reconnects with Last-Event-ID and loses nothing.
                EventStreamLog.StreamFailed(loggers.CreateLogger(typeof(EventStreamEndpoint)), threadId, ex);
            }

            if (lifetime.ApplicationStopping.IsCancellationRequested || runtime.SessionsEnded.IsCancellationRequested)
            {
                await subscription.CloseAsync(DisconnectReason.ServerShutdown);
            }
        }

        return Results.Empty;
    }

    private static void Write(PipeWriter writer, EventFrame frame)
    {
        if (frame.IsKeepAlive)
        {
            writer.Write(KeepAlive);
            return;
        }

        var json = frame.Json.Span;
        var size = json.Length + 32;
        var span = writer.GetSpan(size);
        var pos = 0;
        if (frame.IsDurable)
        {
            "id: "u8.CopyTo(span);
            pos = 4;
            Utf8Formatter.TryFormat(frame.Seq, span[pos..], out var digits);
            pos += digits;
            span[pos++] = (byte)'\n';
        }

        "data: "u8.CopyTo(span[pos..]);
        pos += 6;
        json.CopyTo(span[pos..]);
        pos += json.Length;
        span[pos++] = (byte)'\n';
        span[pos++] = (byte)'\n';
        writer.Advance(pos);
    }

    private static long ParseAfter(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].ToString();
        var field = "Last-Event-ID";
        if (string.IsNullOrEmpty(text))
        {
            text = request.Query["after"].ToString();
            field = "after";
        }

        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            ? after
            : throw ChatCommandExceptions.Invalid(field, $"{field} must be a non-negative whole number.");
    }
}
