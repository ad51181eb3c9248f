using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Elements;

namespace Parley.AspNetCore.Endpoints;

/// <summary>
/// The app's custom elements: <c>GET {prefix}/elements/{name}</c> from the catalog read at start-up (a
/// request never becomes a file path), and <c>GET {prefix}/elements/_runtime.js</c>, the script
/// components include to talk to the UI.
/// </summary>
internal static class CustomElementEndpoints
{
    private static readonly byte[] RuntimeScript = Encoding.UTF8.GetBytes(CustomElementRuntime.Script);

    public static void Map(IEndpointRouteBuilder endpoints, string prefix, CustomElementCatalog catalog)
    {
        // The chat may be framed by the pages allowed to embed it; its elements are framed inside it, and
        // frame-ancestors is checked against every ancestor, so they must allow those pages too.
        var ancestors = "frame-ancestors 'self'" + EmbeddingEndpoints.FrameAncestorsOf(endpoints.ServiceProvider);
        // Read once, at start-up: served from memory by name.
        var pages = catalog.Names.ToDictionary(n => n, n => catalog.TryGetHtml(n, out var html) ? Encoding.UTF8.GetBytes(html) : [], StringComparer.Ordinal);

        endpoints.MapGet(prefix + "/elements/_runtime.js", (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            return Results.Bytes(RuntimeScript, "text/javascript; charset=utf-8");
        });

        endpoints.MapGet(prefix + "/elements/{name}", (HttpContext context, string name) =>
        {
            if (!CustomElementCatalog.IsValidName(name) || !pages.TryGetValue(name, out var page))
            {
                return Results.NotFound();
            }

            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            headers["Referrer-Policy"] = "no-referrer";

            // Sandboxed even when opened directly: an opaque origin with scripts but no access to the
            // app's cookies, storage or API; no network but the runtime script itself.
            var self = context.Request.Scheme + "://" + context.Request.Host.ToUriComponent();
            headers.ContentSecurityPolicy =
                $"sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline' {self}{prefix}/elements/_runtime.js; " +
                "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'; " + ancestors;
            return Results.Bytes(page, "text/html; charset=utf-8");
        });
    }
}
