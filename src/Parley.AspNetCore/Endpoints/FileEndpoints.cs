using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Parley.AspNetCore.Http;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>Stored files: <c>GET /api/files/{id}</c>, to the owner only.</summary>
internal static class FileEndpoints
{
    // Types a browser may show in place without running anything of the file's own.
    private static readonly string[] InlineTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "audio/", "video/", "application/pdf", "text/plain"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/files/{fileId}", GetFileAsync);
        FileUploadEndpoints.Map(api);
    }

    private static async Task<IResult> GetFileAsync(HttpContext context, ChatRuntime runtime, string fileId)
    {
        var (file, content) = await runtime.OpenFileAsync(ParleyEndpointFilter.UserOf(context), fileId, context.RequestAborted);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";

        // A stored file never runs as part of this origin: no scripts, no plugins, whatever its type.
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";
        headers.CacheControl = "private, max-age=3600";
        var inline = InlineTypes.Any(t => t.EndsWith('/') ? file.Mime.StartsWith(t, StringComparison.OrdinalIgnoreCase) : string.Equals(file.Mime, t, StringComparison.OrdinalIgnoreCase));
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(file.Name);
        headers.ContentDisposition = disposition.ToString();
        return Results.Stream(content, inline ? file.Mime : "application/octet-stream", enableRangeProcessing: content.CanSeek);
    }
}
