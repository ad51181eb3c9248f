using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Parley.AspNetCore.Http;
using Parley.Hosting;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>
/// Window messages from the embedding page and audio streamed from the microphone:
/// <c>/window-messages</c>, <c>/audio</c>, <c>/audio/{streamId}/chunks</c>, <c>/audio/{streamId}/end</c>.
/// </summary>
internal static class EmbeddingEndpoints
{
    public const string ElapsedHeader = "X-Elapsed-Ms";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/threads/{threadId}/window-messages", PostWindowMessageAsync);
        api.MapPost("/threads/{threadId}/audio", StartAudioAsync);
        api.MapPost("/threads/{threadId}/audio/{streamId}/chunks", AppendChunkAsync);
        api.MapPost("/threads/{threadId}/audio/{streamId}/end", EndAudioAsync);
    }

    /// <summary>The audio part of <c>GET /api/app</c>.</summary>
    public static AudioFeature AudioFeatureOf(ParleyOptions options, ParleyHttpOptions http) => new(
        options.Audio.Enabled,
        options.Audio.MaxStreamBytes,
        (long)options.Audio.MaxStreamDuration.TotalMilliseconds,
        http.MaxRequestBodyBytes);

    /// <summary>The window-message part of <c>GET /api/app</c>.</summary>
    public static WindowMessagesFeature WindowMessagesFeatureOf(ParleyHttpOptions http) =>
        new([.. http.WindowMessageOrigins], WindowMessageContext.MaxDataBytes);

    /// <summary>The configured embedding origins for the UI's <c>frame-ancestors</c>, each checked at start-up.</summary>
    public static string FrameAncestorsOf(IServiceProvider services)
    {
        var origins = services.GetRequiredService<IOptions<ParleyHttpOptions>>().Value.WindowMessageOrigins;
        foreach (var origin in origins)
        {
            if (origin != "*" && !IsOrigin(origin))
            {
                throw new InvalidOperationException($"WindowMessageOrigins: '{origin}' is not an origin such as https://host.example (scheme, host and optional port, nothing else).");
            }
        }

        return origins.Count == 0 ? "" : " " + string.Join(' ', origins);
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
        uri.Scheme is "http" or "https" &&
        string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> PostWindowMessageAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.WindowMessageRequest, http.Value.MaxRequestBodyBytes);
        await runtime.PostWindowMessageAsync(ParleyEndpointFilter.UserOf(context), threadId, body.Data, context.RequestAborted);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> StartAudioAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.AudioStartRequest, http.Value.MaxRequestBodyBytes);
        var streamId = await runtime.StartAudioAsync(ParleyEndpointFilter.UserOf(context), threadId, body.MimeType, body.ClientId, context.RequestAborted);
        return Results.Json(new AudioStartResponse(streamId), ParleyHttpJsonContext.Default.AudioStartResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> AppendChunkAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId, string streamId)
    {
        var request = context.Request;

        // Raw bytes, but never a type a cross-site form could send: those need a preflight.
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !(mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase) ||
              mediaType.MediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ChatCommandException(ChatErrorCodes.UnsupportedMediaType, "A chunk must be sent as application/octet-stream or audio/*.");
        }

        if (!long.TryParse(request.Headers[ElapsedHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var elapsedMs))
        {
            throw ChatCommandExceptions.Invalid(ElapsedHeader, $"The {ElapsedHeader} header must be a whole number of milliseconds.");
        }

        var max = http.Value.MaxRequestBodyBytes;
        if (request.ContentLength > max)
        {
            throw JsonBody.TooLarge(max);
        }

        var data = await JsonBody.ReadBoundedAsync(request.BodyReader, max, context.RequestAborted);
        await runtime.AppendAudioChunkAsync(ParleyEndpointFilter.UserOf(context), threadId, streamId, data, elapsedMs, context.RequestAborted);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> EndAudioAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId, string streamId)
    {
        await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.EmptyRequest, http.Value.MaxRequestBodyBytes);
        var ended = await runtime.EndAudioAsync(ParleyEndpointFilter.UserOf(context), threadId, streamId, context.RequestAborted);
        return Results.Json(new AudioEndResponse(ended.RunId, ended.Queued), ParleyHttpJsonContext.Default.AudioEndResponse, statusCode: StatusCodes.Status202Accepted);
    }
}
