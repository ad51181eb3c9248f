using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Parley.AspNetCore.Http;
using Parley.Hosting;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>
/// Uploads: <c>POST /api/files</c>, <c>multipart/form-data</c> with a <c>threadId</c> field and then one
/// <c>file</c> part, streamed to the file store (never held whole), answered 201 with the file ref.
/// No other field is accepted: a client never names a path or URL to read from.
/// </summary>
internal static class FileUploadEndpoints
{
    // Room for the multipart framing and the threadId field around the file's bytes.
    private const int FormOverhead = 64 * 1024;
    private const int MaxFieldBytes = 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/files", UploadAsync);
    }

    public static ChatCommandException ExtraField(string? name) =>
        ChatCommandExceptions.Invalid(
            name is { Length: > 0 and <= 64 } && name.All(char.IsAsciiLetterOrDigit) ? name : "body",
            "An upload has exactly two fields: threadId, then file (the bytes). A path or URL is never accepted.");

    private static async Task<IResult> UploadAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyOptions> options)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ||
            !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new ChatCommandException(ChatErrorCodes.UnsupportedMediaType, "An upload's body must be multipart/form-data.");
        }

        var limit = options.Value.Uploads.MaxFileBytes + FormOverhead;
        if (request.ContentLength > limit)
        {
            throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, $"The file is larger than the limit of {options.Value.Uploads.MaxFileBytes} bytes.") { Field = "file" };
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        string? threadId = null;
        while (await NextAsync(reader, context.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw ChatCommandExceptions.Invalid("body", "Each part of an upload must be form-data.");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "threadId" && threadId is null && !disposition.IsFileDisposition())
            {
                threadId = await ReadFieldAsync(section, context.RequestAborted);
            }
            else if (name == "file" && disposition.IsFileDisposition())
            {
                if (threadId is null)
                {
                    throw ChatCommandExceptions.Invalid("threadId", "threadId is required, before the file.");
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var file = await runtime.UploadFileAsync(
                    ParleyEndpointFilter.UserOf(context),
                    threadId,
                    fileName,
                    section.ContentType,
                    new MultipartFileStream(section.Body, reader, limit),
                    context.RequestAborted);
                return Results.Json(file, FileHttpJsonContext.Default.FileRef, statusCode: StatusCodes.Status201Created);
            }
            else
            {
                throw ExtraField(name);
            }
        }

        throw ChatCommandExceptions.Invalid("file", "file is required: the bytes, as a file part after threadId.");
    }

    private static async Task<MultipartSection?> NextAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, "The upload is too large.", ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw ChatCommandExceptions.Invalid("body", "The body is not valid multipart/form-data.");
        }
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        int length;
        try
        {
            length = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw ChatCommandExceptions.Invalid("body", "The body is not valid multipart/form-data.");
        }

        return length > MaxFieldBytes
            ? throw ChatCommandExceptions.Invalid("threadId", "threadId is too long.")
            : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
