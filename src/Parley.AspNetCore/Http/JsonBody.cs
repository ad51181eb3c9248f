using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Parley.AspNetCore.Http;

/// <summary>
/// Reads a command's JSON body strictly: <c>application/json</c> only — every command has a JSON body,
/// even an empty <c>{}</c>, which keeps cross-site form posts out — at most the configured size
/// (counted, not trusted from headers), valid UTF-8 JSON of the expected shape. Anything else is a
/// <see cref="ChatCommandException"/> that becomes a 4xx.
/// </summary>
internal static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, int maxBytes)
        where T : class
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ChatCommandException(ChatErrorCodes.UnsupportedMediaType, "The body must be application/json (UTF-8).");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var body = await ReadBoundedAsync(request.BodyReader, maxBytes, context.RequestAborted);

        // The serializer checks UTF-8 only in what it decodes: a JsonElement (window-message data, an
        // element answer's value) keeps invalid bytes raw, and reading them later throws (a 500).
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new ChatCommandException(ChatErrorCodes.ValidationFailed, "The body is not valid UTF-8.");
        }

        // Likewise an escaped lone surrogate ("\uDFFD") parses into a JsonElement and throws only when
        // that element is written out: refuse it here, whatever field it is in.
        if (body.AsSpan().IndexOf("\\u"u8) >= 0 && HasLoneSurrogateEscape(body, typeInfo.Options))
        {
            throw new ChatCommandException(ChatErrorCodes.ValidationFailed, "The body has an escaped lone surrogate (\\uD800 to \\uDFFF without its pair).");
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new ChatCommandException(ChatErrorCodes.ValidationFailed, "The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            // The path says where, without the serializer's wording (which names .NET types).
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" (at {ex.Path})";
            throw new ChatCommandException(ChatErrorCodes.ValidationFailed, $"The body is not valid JSON of the expected shape{where}.", ex) { Field = ex.Path };
        }
    }

    private static bool HasLoneSurrogateEscape(byte[] body, JsonSerializerOptions options)
    {
        // Read as the deserializer will, so nothing it accepts ends this scan early.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions
        {
            MaxDepth = options.MaxDepth,
            CommentHandling = options.ReadCommentHandling,
            AllowTrailingCommas = options.AllowTrailingCommas,
        });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return true;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the deserializer says so, with where.
        }

        return false;
    }

    /// <summary>Reads a whole body of at most <paramref name="maxBytes"/> (counted as read, chunked or not); more is 413.</summary>
    public static async Task<byte[]> ReadBoundedAsync(PipeReader reader, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw TooLarge(maxBytes);
            }

            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw TooLarge(maxBytes);
            }

            if (result.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public static ChatCommandException TooLarge(int maxBytes) =>
        new(ChatErrorCodes.PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
}
