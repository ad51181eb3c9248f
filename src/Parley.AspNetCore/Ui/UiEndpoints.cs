using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.AspNetCore.Endpoints;

namespace Parley.AspNetCore.Ui;

/// <summary>
/// Serves the web UI where the chat is mounted: hashed assets with long-lived caching, and the page
/// itself for every other path (a single-page app), with a base href so one build works under any
/// prefix, and a content security policy that allows no inline script.
/// </summary>
internal static class UiEndpoints
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static void Map(IEndpointRouteBuilder endpoints, string prefix, UiAssets assets)
    {
        var root = prefix + "/";
        var policy = ContentSecurityPolicy + EmbeddingEndpoints.FrameAncestorsOf(endpoints.ServiceProvider);
        var page = assets.Files.TryGetValue("index.html", out var index)
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(index.Bytes).Replace("<base href=\"/\" />", $"<base href=\"{root}\" />", StringComparison.Ordinal))
            : Encoding.UTF8.GetBytes("<!doctype html><title>Parley</title><p>The web UI was not built into this server (build without -p:ParleySkipUi=true).</p>");

        endpoints.MapGet(prefix + "/assets/{**path}", (HttpContext context, string path) =>
            assets.Files.TryGetValue("assets/" + path, out var asset) ? Serve(context, asset, immutable: true) : Results.NotFound());

        endpoints.MapFallback(prefix + "/{**path}", (HttpContext context, string? path) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
            }

            if (path is not null && path.Contains('.', StringComparison.Ordinal) && assets.Files.TryGetValue(path, out var file))
            {
                return Serve(context, file, immutable: false);
            }

            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Results.Bytes(page, "text/html; charset=utf-8");
        });
    }

    private static IResult Serve(HttpContext context, UiAsset asset, bool immutable)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
